import { KEY_VAULT_AUDIENCES, GRAPH_AUDIENCES } from '../auth/token-service.js';
import { entraErrors } from './errors.js';

/**
 * v2.0 scope handling: which resource each scope names, whether it exists and is consented for the
 * sandbox app, and the one-resource-per-token rule (AADSTS28000). Bare names (`User.Read`) are
 * Microsoft Graph permissions, as on the real endpoint.
 */

/** Display name of the sandbox's public client app (used in AADSTS texts and the sign-in page). */
export const SANDBOX_APP_NAME = 'JIT Vault';

/** The OpenID Connect scopes, which name no resource. */
export const OIDC_SCOPES = ['openid', 'profile', 'email', 'offline_access'] as const;
export type OidcScope = (typeof OIDC_SCOPES)[number];

/** A resource (API) the sandbox issues access tokens for. */
export interface ResourceDefinition {
  key: 'keyvault' | 'graph';
  displayName: string;
  /** `aud` of its (v1) access tokens. */
  audience: string;
  /** Identifier URI used in canonical scope strings. */
  uri: string;
  /** Accepted resource identifiers in scopes (lower case, no trailing slash). */
  identifiers: string[];
  /** Delegated permissions the resource exposes. */
  permissions: string[];
  /** Of those, the ones the tenant admin consented to for the sandbox app. */
  consented: string[];
}

/** Graph delegated permissions the sandbox app has admin consent for (what the app and tests use). */
export const GRAPH_CONSENTED_PERMISSIONS = [
  'User.Read',
  'User.ReadBasic.All',
  'GroupMember.Read.All',
  'PrivilegedAccess.ReadWrite.AzureADGroup',
  'PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup',
  'PrivilegedEligibilitySchedule.Read.AzureADGroup',
  'RoleManagementPolicy.Read.AzureADGroup',
];

/** Real Graph permissions the app was NOT consented for: asking for them gives AADSTS65001. */
const GRAPH_OTHER_PERMISSIONS = [
  'User.ReadWrite',
  'User.Read.All',
  'User.ReadWrite.All',
  'Group.Read.All',
  'Group.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
  'Directory.AccessAsUser.All',
  'Mail.Read',
  'Mail.Send',
  'Calendars.Read',
  'Files.Read',
  'Files.ReadWrite.All',
  'Sites.Read.All',
  'RoleManagement.Read.Directory',
  'RoleManagement.ReadWrite.Directory',
  'PrivilegedEligibilitySchedule.ReadWrite.AzureADGroup',
  'PrivilegedAssignmentSchedule.Read.AzureADGroup',
  'PrivilegedAccess.Read.AzureADGroup',
  'RoleManagementPolicy.ReadWrite.AzureADGroup',
];

export const RESOURCES: readonly ResourceDefinition[] = [
  {
    key: 'keyvault',
    displayName: 'Azure Key Vault',
    audience: KEY_VAULT_AUDIENCES[0]!,
    uri: 'https://vault.azure.net',
    identifiers: KEY_VAULT_AUDIENCES.map((a) => a.toLowerCase()),
    permissions: ['user_impersonation'],
    consented: ['user_impersonation'],
  },
  {
    key: 'graph',
    displayName: 'Microsoft Graph',
    audience: GRAPH_AUDIENCES[0]!,
    uri: 'https://graph.microsoft.com',
    identifiers: GRAPH_AUDIENCES.map((a) => a.toLowerCase()),
    permissions: [...GRAPH_CONSENTED_PERMISSIONS, ...GRAPH_OTHER_PERMISSIONS],
    consented: GRAPH_CONSENTED_PERMISSIONS,
  },
];

const GRAPH = RESOURCES.find((r) => r.key === 'graph')!;

/** Scopes asked of one resource. */
export interface ResourceScopes {
  resource: ResourceDefinition;
  /** The scope strings as the client sent them. */
  requested: string[];
  /** Whether `/.default` was asked for. */
  isDefault: boolean;
  /** Named permissions, canonical casing. */
  named: string[];
}

/** A parsed `scope` parameter. */
export interface ParsedScopes {
  /** The raw (space-separated) value, for error texts. */
  raw: string;
  oidc: Set<OidcScope>;
  resources: ResourceScopes[];
}

/**
 * Parses and checks a `scope` value. Unknown resources give AADSTS500011, unknown permissions
 * AADSTS70011, permissions without consent AADSTS65001. Several resources are allowed here (the
 * authorize leg may collect consent for many); token requests call `singleResource` next.
 */
export function parseScopes(raw: string, tenantName: string, clientId: string): ParsedScopes {
  const parsed: ParsedScopes = { raw: raw.trim(), oidc: new Set(), resources: [] };
  const seen = new Set<string>();
  for (const scope of raw.split(/\s+/).filter(Boolean)) {
    const lower = scope.toLowerCase();
    if (seen.has(lower)) continue;
    seen.add(lower);
    if ((OIDC_SCOPES as readonly string[]).includes(lower)) {
      parsed.oidc.add(lower as OidcScope);
      continue;
    }
    const { resource, permission } = splitScope(scope, tenantName);
    const entry = entryFor(parsed, resource);
    entry.requested.push(scope);
    if (permission === '.default') {
      entry.isDefault = true;
      continue;
    }
    const canonical = resource.permissions.find((p) => p.toLowerCase() === permission.toLowerCase());
    if (!canonical) throw entraErrors.invalidScope(scope);
    if (!resource.consented.includes(canonical)) throw entraErrors.consentRequired(clientId, SANDBOX_APP_NAME);
    if (!entry.named.includes(canonical)) entry.named.push(canonical);
  }
  for (const entry of parsed.resources) {
    if (entry.isDefault && entry.named.length > 0) throw entraErrors.invalidScope(parsed.raw, 'is not valid. static scope limit exceeded');
  }
  return parsed;
}

/**
 * The resource an access token is for: exactly one (AADSTS28000 otherwise). A request naming only
 * OpenID scopes gets a Microsoft Graph token, as on the real endpoint.
 */
export function singleResource(parsed: ParsedScopes): ResourceScopes {
  if (parsed.resources.length > 1) throw entraErrors.multipleResources(parsed.raw);
  return parsed.resources[0] ?? { resource: GRAPH, requested: [], isDefault: false, named: [] };
}

/** `scp` of an access token: the consented permissions (plus the OIDC ones Graph exposes). */
export function scpFor(resource: ResourceDefinition): string {
  return resource.key === 'graph' ? [...resource.consented, 'openid', 'profile', 'email'].join(' ') : resource.consented.join(' ');
}

/** The `scope` field of a token response: what the client asked for plus the other consented permissions. */
export function responseScope(scopes: ResourceScopes, oidc: Set<OidcScope>): string {
  const out = [...scopes.requested];
  const covered = new Set(scopes.named.map((n) => n.toLowerCase()));
  for (const permission of scopes.resource.consented) {
    if (!covered.has(permission.toLowerCase())) out.push(`${scopes.resource.uri}/${permission}`);
  }
  for (const name of ['openid', 'profile', 'email'] as const) if (oidc.has(name)) out.push(name);
  return out.join(' ');
}

function splitScope(scope: string, tenantName: string): { resource: ResourceDefinition; permission: string } {
  const slash = scope.lastIndexOf('/');
  if (slash < 0) {
    // A bare permission name is a Microsoft Graph scope.
    return { resource: GRAPH, permission: scope };
  }
  const identifier = scope.slice(0, slash).replace(/\/+$/, '');
  const permission = scope.slice(slash + 1);
  const resource = RESOURCES.find((r) => r.identifiers.includes(identifier.toLowerCase()));
  if (!resource) throw entraErrors.resourceNotFound(identifier, tenantName);
  if (!permission) throw entraErrors.invalidScope(scope);
  return { resource, permission };
}

function entryFor(parsed: ParsedScopes, resource: ResourceDefinition): ResourceScopes {
  let entry = parsed.resources.find((e) => e.resource.key === resource.key);
  if (!entry) {
    entry = { resource, requested: [], isDefault: false, named: [] };
    parsed.resources.push(entry);
  }
  return entry;
}
