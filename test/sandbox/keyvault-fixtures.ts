import type { TokenCredential } from '@azure/core-auth';
import { SecretClient, type SecretClientOptions } from '@azure/keyvault-secrets';
import { randomBytes } from 'node:crypto';
import type { TestSandbox } from '../helpers/sandbox.js';
import { createTestMsalApp, msalTokenCredential, signInWithPassword } from '../helpers/msal.js';

/**
 * Shared set-up for the Key Vault sandbox suites (not a test file itself): seed names, SDK clients
 * configured exactly as the app configures them for loopback, and raw requests for wire checks.
 */

/** Vaults of the demo seed. */
export const VAULTS = {
  /** RBAC: KV-SecurityTeam is Secrets Officer, PIM-Helpdesk-Servers is Secrets User, Pat and KV-Helpdesk-Readers are Reader. */
  servers: 'kv-contoso-servers',
  /** Access policies: KV-SecurityTeam all, PIM-Helpdesk-Workstations get+list, Pat and KV-Helpdesk-Readers list. */
  workstations: 'kv-contoso-workstations',
  /** Fabrikam tenant, RBAC: Lee is Secrets Officer. */
  fabrikam: 'kv-fabrikam-ops',
} as const;

/** Users of the demo seed by the role they play here. */
export const USERS = {
  /** Member of KV-SecurityTeam (standing Secrets Officer). */
  officer: 'sara.admin@contoso-it.example',
  /** Eligible for PIM-Helpdesk-Servers; standing Key Vault Reader (KV-Helpdesk-Readers) only: names, no values. */
  helpdesk: 'alex.helpdesk@contoso-it.example',
  /** Alex as a B2B guest in Fabrikam: eligible there, no standing role at all. */
  fabrikamGuest: 'alex.helpdesk_contoso-it.example#EXT#@fabrikam.example',
  /** Key Vault Reader on the servers vault; list-only policy on workstations. */
  auditor: 'pat.auditor@contoso-it.example',
  /** Fabrikam's Secrets Officer. */
  fabrikamOfficer: 'lee.it@fabrikam.example',
} as const;

/** The PIM group that grants Secrets User on the servers vault. */
export const SERVERS_READERS_GROUP = '480ca4e5-1d02-4348-9047-4c462899391c';

/** A fresh secret name per test, so tests in one file never collide. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** A SecretClient as the app builds it for a loopback vault: only challenge-resource verification is off. */
export function secretClient(sandbox: TestSandbox, vault: string, credential: TokenCredential, options: SecretClientOptions = {}): SecretClient {
  return new SecretClient(sandbox.context.origins.vault(vault), credential, { disableChallengeResourceVerification: true, ...options });
}

/** A signed-in MSAL account; each `credential()` is a TokenCredential over its token cache. */
export interface SignedInSession {
  /** `forceRefresh` skips the cached access token, as the app does right after a PIM activation. */
  credential(options?: { forceRefresh?: boolean }): TokenCredential;
}

/** Signs `username` in through msal-node (ROPC) against the sandbox's Entra endpoints. */
export async function signIn(sandbox: TestSandbox, username: string, tenantId: string = sandbox.info.tenantId): Promise<SignedInSession> {
  const user = sandbox.info.users.find((u) => u.username === username && u.tenantId === tenantId);
  if (!user) throw new Error(`No seed user ${username} in ${tenantId}`);
  const app = createTestMsalApp(sandbox.info, tenantId);
  const result = await signInWithPassword(app, user.username, user.password, ['https://vault.azure.net/.default']);
  const account = result.account;
  if (!account) throw new Error('MSAL returned no account');
  return { credential: (options = {}) => msalTokenCredential(app, account, options.forceRefresh ? { forceRefresh: true } : {}) };
}

/** Signs `username` in (ROPC through msal-node) and returns a TokenCredential for SecretClient. */
export async function signedInCredential(sandbox: TestSandbox, username: string, options: { tenantId?: string } = {}): Promise<TokenCredential> {
  return (await signIn(sandbox, username, options.tenantId)).credential();
}

/** A raw HTTPS request to a vault (for headers and bodies the SDK hides). */
export async function vaultFetch(
  sandbox: TestSandbox,
  vault: string,
  method: string,
  pathAndQuery: string,
  options: { token?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; text: string; json: <T = Record<string, unknown>>() => T }> {
  const response = await fetch(`${sandbox.context.origins.vault(vault)}${pathAndQuery}`, {
    method,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    },
    ...(options.body !== undefined ? { body: options.body } : {}),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: <T>() => JSON.parse(text) as T };
}

/** The shape RestError gives a Key Vault error, for `toMatchObject`. */
export function restError(statusCode: number, code: string, innerCode?: string): Record<string, unknown> {
  return {
    name: 'RestError',
    statusCode,
    code,
    ...(innerCode ? { details: { error: expectInner(innerCode) } } : {}),
  };
}

function expectInner(innerCode: string): Record<string, unknown> {
  return { innerError: { code: innerCode } };
}
