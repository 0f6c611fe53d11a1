/**
 * Which hosts may receive a token. JIT Vault sends refresh tokens to the sign-in authority, Graph
 * tokens to Microsoft Graph and Key Vault tokens to vaults; a settings or policy file that names any
 * other host would hand those tokens to whoever runs it. So every endpoint must belong to one of
 * Microsoft's clouds, and the tenant's sign-in, Graph and vaults must all belong to the SAME cloud.
 *
 * Hosts per cloud (checked against Microsoft's docs):
 * - Entra ID and Graph: https://learn.microsoft.com/graph/deployments ("App registration and token
 *   service root endpoints", "Microsoft Graph and Graph Explorer service root endpoints"); the China
 *   alias login.partner.microsoftonline.cn is the one msal-common's built-in metadata prefers.
 * - Key Vault: https://learn.microsoft.com/azure/key-vault/general/about-keys-secrets-certificates
 *   ("DNS suffixes for object identifiers"). Germany's cloud is closed and is not listed.
 *
 * Loopback (the local sandbox) is allowed only when the caller says so: demo mode, development
 * builds and tests. A packaged, configured app never talks to loopback, so
 * `disableChallengeResourceVerification` (which only loopback needs) is never set there.
 */

import { isLoopbackHost } from './loopback.js';

/** A Microsoft cloud, or the local sandbox. */
export type CloudName = 'public' | 'usgov' | 'china';
export type EndpointCloud = CloudName | 'loopback';

/** What an endpoint is for. */
export type EndpointKind = 'authority' | 'graph' | 'vault';

/** The hosts of one national cloud. */
export interface CloudHosts {
  readonly label: string;
  /** Entra ID sign-in hosts (the authority). */
  readonly login: readonly string[];
  /** Microsoft Graph hosts. */
  readonly graph: readonly string[];
  /** Key Vault DNS suffix: a vault is `{name}.{suffix}`. */
  readonly vaultSuffix: string;
}

/** Microsoft's clouds and their hosts (see the file comment for the sources). */
export const NATIONAL_CLOUDS: Readonly<Record<CloudName, CloudHosts>> = Object.freeze({
  public: { label: 'Azure public cloud', login: ['login.microsoftonline.com'], graph: ['graph.microsoft.com'], vaultSuffix: 'vault.azure.net' },
  usgov: { label: 'Azure US Government', login: ['login.microsoftonline.us'], graph: ['graph.microsoft.us', 'dod-graph.microsoft.us'], vaultSuffix: 'vault.usgovcloudapi.net' },
  china: { label: 'Azure operated by 21Vianet (China)', login: ['login.chinacloudapi.cn', 'login.partner.microsoftonline.cn'], graph: ['microsoftgraph.chinacloudapi.cn'], vaultSuffix: 'vault.azure.cn' },
});

/** Whether loopback (sandbox) endpoints are acceptable. */
export interface EndpointPolicy {
  /** True only in demo mode, development builds and tests. */
  readonly allowLoopback: boolean;
}

/** Key Vault names: 3-24 characters, letters, digits and hyphens (one DNS label). */
const VAULT_NAME = /^[a-z0-9](?:[a-z0-9-]{1,22})[a-z0-9]$/;

/** The verdict on one endpoint. */
export type EndpointVerdict = { ok: true; cloud: EndpointCloud } | { ok: false; reason: string };

/**
 * Classifies `value` as an endpoint of `kind`: the cloud it belongs to, or why it may not receive a
 * token. Only https, no user name or password in the URL, the default port for cloud hosts, and the
 * exact host names above (a vault is exactly one label before the cloud's suffix).
 */
export function classifyEndpoint(kind: EndpointKind, value: string, policy: EndpointPolicy): EndpointVerdict {
  const url = parse(value);
  if (!url) return { ok: false, reason: 'is not a URL' };
  if (url.protocol !== 'https:') return { ok: false, reason: 'must use https://' };
  if (url.username || url.password) return { ok: false, reason: 'must not contain a user name or password' };
  const host = url.hostname; // lower-cased by URL
  if (isLoopbackHost(host)) {
    return policy.allowLoopback ? { ok: true, cloud: 'loopback' } : { ok: false, reason: 'is a local (loopback) address, which only the demo mode may use' };
  }
  if (url.port !== '') return { ok: false, reason: 'must not name a port (Microsoft endpoints use 443)' };
  for (const [name, cloud] of Object.entries(NATIONAL_CLOUDS) as [CloudName, CloudHosts][]) {
    if (kind === 'authority' && cloud.login.includes(host)) return { ok: true, cloud: name };
    if (kind === 'graph' && cloud.graph.includes(host)) return { ok: true, cloud: name };
    if (kind === 'vault' && host.endsWith(`.${cloud.vaultSuffix}`) && VAULT_NAME.test(host.slice(0, -cloud.vaultSuffix.length - 1))) return { ok: true, cloud: name };
  }
  return { ok: false, reason: `is not a ${KIND_WORDS[kind]} of a Microsoft cloud (${allowedHosts(kind)})` };
}

/** What each kind is called in messages. */
export const KIND_WORDS: Record<EndpointKind, string> = { authority: 'sign-in host', graph: 'Microsoft Graph host', vault: 'Key Vault host' };

/** The allowed hosts of `kind`, for messages. */
export function allowedHosts(kind: EndpointKind): string {
  const clouds = Object.values(NATIONAL_CLOUDS);
  if (kind === 'vault') return clouds.map((c) => `*.${c.vaultSuffix}`).join(', ');
  return clouds.flatMap((c) => (kind === 'authority' ? c.login : c.graph)).join(', ');
}

/** The endpoint fields of the settings (structural, so this module needs no settings types). */
export interface EndpointSettings {
  tenants: readonly { tenantId: string; displayName?: string | undefined; authority?: string | undefined; graphBaseUrl?: string | undefined }[];
  vaults: readonly { name: string; url: string; tenantId: string }[];
}

/**
 * Every problem with the endpoints of `settings`, as "where: what" lines (empty = all trusted).
 * A tenant without `authority`/`graphBaseUrl` means the public cloud's hosts. A tenant's sign-in,
 * Graph and vaults must be in one cloud: a US Government tenant's token has no business at a public
 * cloud vault, and mixing clouds is how a look-alike configuration would hide.
 */
export function endpointProblems(settings: EndpointSettings, policy: EndpointPolicy): string[] {
  const problems: string[] = [];
  const cloudOfTenant = new Map<string, EndpointCloud>();
  settings.tenants.forEach((tenant, index) => {
    const where = `tenants[${index}]`;
    const authority = tenant.authority ?? `https://${NATIONAL_CLOUDS.public.login[0]}/${tenant.tenantId}`;
    const graph = tenant.graphBaseUrl ?? `https://${NATIONAL_CLOUDS.public.graph[0]}`;
    const signIn = classifyEndpoint('authority', authority, policy);
    const api = classifyEndpoint('graph', graph, policy);
    if (!signIn.ok) problems.push(`${where}.authority "${authority}" ${signIn.reason}`);
    if (!api.ok) problems.push(`${where}.graphBaseUrl "${graph}" ${api.reason}`);
    if (signIn.ok && api.ok && signIn.cloud !== api.cloud) {
      problems.push(`${where}: sign-in (${cloudLabel(signIn.cloud)}) and Microsoft Graph (${cloudLabel(api.cloud)}) are in different clouds`);
    }
    if (signIn.ok) cloudOfTenant.set(tenant.tenantId, signIn.cloud);
  });
  settings.vaults.forEach((vault, index) => {
    const where = `vaults[${index}].url`;
    const verdict = classifyEndpoint('vault', vault.url, policy);
    if (!verdict.ok) return void problems.push(`${where} "${vault.url}" ${verdict.reason}`);
    const tenantCloud = cloudOfTenant.get(vault.tenantId);
    if (tenantCloud && tenantCloud !== verdict.cloud) problems.push(`${where} "${vault.url}" is in the ${cloudLabel(verdict.cloud)}, but its tenant signs in to the ${cloudLabel(tenantCloud)}`);
  });
  return problems;
}

function cloudLabel(cloud: EndpointCloud): string {
  return cloud === 'loopback' ? 'local sandbox' : NATIONAL_CLOUDS[cloud].label;
}

function parse(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}
