import type { SandboxContext } from './context.js';
import { machineIdentities } from './identity/managed-identities.js';

/** The one JSON line `npm run sandbox -- --json` prints when every listener is ready. */
export interface ReadyInfo {
  authority: string;
  tenantId: string;
  clientId: string;
  graph: string;
  vaults: { name: string; url: string; tenantId: string }[];
  caCertPath: string;
  admin: { url: string; key: string };
  users: { username: string; password: string; oid: string; role: 'admin' | 'helpdesk' | 'auditor'; tenantId: string }[];
  tenants: { tenantId: string; displayName: string; authority: string }[];
  /** IMDS: set AZURE_POD_IDENTITY_AUTHORITY_HOST to `url` (clients append /metadata/identity/oauth2/token). */
  imds: { url: string };
  /** App Service / Functions: IDENTITY_ENDPOINT and IDENTITY_HEADER. */
  appServiceIdentity: { endpoint: string; header: string };
  /** The machine's managed identities (the system-assigned one is the VM's). */
  managedIdentities: { name: string; kind: 'system' | 'user'; clientId: string; objectId: string }[];
}

/** Builds the ready JSON from the running sandbox; the first tenant is the top-level one. */
export function buildReadyInfo(context: SandboxContext, caCertPath: string, appServiceIdentity: ReadyInfo['appServiceIdentity']): ReadyInfo {
  const { store, origins } = context;
  const first = store.defaultTenant;
  return {
    authority: `${origins.authority}/${first.id}`,
    tenantId: first.id,
    clientId: store.data.clientId,
    graph: origins.graph,
    vaults: store.data.tenants.flatMap((t) => t.vaults.map((v) => ({ name: v.name, url: origins.vault(v.name), tenantId: t.id }))),
    caCertPath,
    admin: { url: `${origins.authority}/_admin`, key: context.adminKey },
    users: store.data.tenants.flatMap((t) =>
      t.users.map((u) => {
        // A guest signs in with the home account: that is the username and password a person types.
        const home = context.store.homeUser(u) ?? u;
        return { username: home.username, password: home.password, oid: u.oid, role: u.role, tenantId: t.id };
      }),
    ),
    tenants: store.data.tenants.map((t) => ({ tenantId: t.id, displayName: t.displayName, authority: `${origins.authority}/${t.id}` })),
    imds: { url: origins.identity },
    appServiceIdentity,
    managedIdentities: machineIdentities(context).map((m) => ({ name: m.name, kind: m.kind, clientId: m.clientId, objectId: m.objectId })),
  };
}
