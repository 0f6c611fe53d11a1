import { createHash, randomBytes } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { expect } from 'vitest';
import type { ReadyInfo } from '../../sandbox/ready-info.js';
import { parseForm, submitForm, type BrowserUser } from '../helpers/msal.js';

/**
 * Shared pieces of the Entra conformance suites (not a test file itself): demo identities, raw
 * protocol calls for wire-level checks, JWT verification against the served JWKS, and a browser
 * stand-in that stops at the form_post (for code-redemption error cases without a loopback server).
 */

export const CONTOSO_TID = '182280d5-3a76-4ca2-b5fc-ac8edce86818';
export const FABRIKAM_TID = '7b7f6b24-0b03-4ccc-8d30-b07d78dfc665';

export const SARA = { username: 'sara.admin@contoso-it.example', password: 'Sandbox-Admin-1!', oid: 'be12fc24-3217-4d9a-80af-3a0736b6ba7d' };
export const ALEX = { username: 'alex.helpdesk@contoso-it.example', password: 'Sandbox-Helpdesk-1!', oid: '3c298ff4-c108-4b75-b27d-e97e40bb6e62' };
/** Alex's B2B guest object in Fabrikam. */
export const ALEX_GUEST_OID = 'ff96c1ce-1eae-4191-abc7-c8f62c0b4540';
export const LEE = { username: 'lee.it@fabrikam.example', password: 'Sandbox-Fabrikam-1!', oid: '72d69c09-b141-45c5-8192-ae16890e688c' };

export const KV_SCOPE = 'https://vault.azure.net/.default';
export const SECURITY_TEAM_GROUP = '28ec438d-516c-4dba-9b53-eb4978cef8a2';
/** Standing group of the helpdesk users: Key Vault Reader on the helpdesk vaults. */
export const HELPDESK_READERS_GROUP = '9d4e1a57-2b6c-4f0e-8a31-6c2f5b7e9d10';
export const WORKSTATIONS_GROUP = '50ed3b25-c81d-4e62-b2eb-8511a2784e34';
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

/** The authority origin (https://localhost:port). */
export function origin(info: ReadyInfo): string {
  return new URL(info.authority).origin;
}

/** A raw response: status, headers and parsed JSON (or text). */
export interface RawResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** POSTs a form to `/{tenant}/oauth2/v2.0/{endpoint}` (default token) and parses the answer. */
export async function postForm(
  info: ReadyInfo,
  fields: Record<string, string>,
  options: { tenant?: string; endpoint?: string; contentType?: string; body?: string | Buffer } = {},
): Promise<RawResponse> {
  const url = `${origin(info)}/${options.tenant ?? info.tenantId}/oauth2/v2.0/${options.endpoint ?? 'token'}`;
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': options.contentType ?? 'application/x-www-form-urlencoded' },
    body: options.body ?? new URLSearchParams(fields).toString(),
  });
  const text = await response.text();
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = { raw: text };
  }
  return { status: response.status, headers: response.headers, body, text };
}

/** ROPC over raw HTTP (for refresh-token wire checks MSAL hides). */
export function passwordGrant(info: ReadyInfo, user: { username: string; password: string }, scope: string, extra: Record<string, string> = {}, tenant?: string) {
  return postForm(info, { client_id: info.clientId, grant_type: 'password', username: user.username, password: user.password, scope, ...extra }, tenant ? { tenant } : {});
}

/** Asserts an Entra error body: status, `error`, AADSTS code, and the documented fields. */
export function expectEntraError(response: RawResponse, status: number, error: string, code: number): void {
  expect({ status: response.status, error: response.body.error, codes: response.body.error_codes }).toEqual({ status, error, codes: [code] });
  const description = String(response.body.error_description);
  expect(description).toMatch(new RegExp(`^AADSTS${code}: .+\\r\\nTrace ID: [0-9a-f-]{36}\\r\\nCorrelation ID: [0-9a-f-]{36}\\r\\nTimestamp: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ$`));
  expect(response.body.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
  expect(response.body.trace_id).toMatch(/^[0-9a-f-]{36}$/);
  expect(response.body.correlation_id).toMatch(/^[0-9a-f-]{36}$/);
  expect(String(response.body.error_uri)).toMatch(new RegExp(`/error\\?code=${code}$`));
  expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
}

/** Verifies a JWT with jose against the JWKS the sandbox's OpenID configuration names. */
export async function verifyJwt(info: ReadyInfo, token: string, expected: { issuer: string; audience: string }): Promise<JWTPayload & Record<string, unknown>> {
  const config = (await (await fetch(`${info.authority}/v2.0/.well-known/openid-configuration`)).json()) as { jwks_uri: string };
  const jwks = createRemoteJWKSet(new URL(config.jwks_uri));
  const { payload, protectedHeader } = await jwtVerify(token, jwks, { ...expected, algorithms: ['RS256'] });
  expect(protectedHeader.typ).toBe('JWT');
  return payload as JWTPayload & Record<string, unknown>;
}

/** A PKCE pair (S256). */
export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** The authorize URL an app would open (response_mode form_post, PKCE S256, loopback redirect). */
export function authorizeUrl(info: ReadyInfo, params: Record<string, string>, tenant = info.tenantId): string {
  const query = new URLSearchParams({
    client_id: info.clientId,
    response_type: 'code',
    redirect_uri: 'http://localhost:53123',
    response_mode: 'form_post',
    scope: `${KV_SCOPE} openid profile offline_access`,
    state: 'state-123',
    code_challenge_method: 'S256',
    ...params,
  });
  for (const [key, value] of Object.entries(params)) if (value === '') query.delete(key);
  return `${origin(info)}/${tenant}/oauth2/v2.0/authorize?${query.toString()}`;
}

/**
 * Plays the browser up to the auto-submitting form_post and returns the fields it would post to
 * the redirect URI (code/state/client_info, or error/error_description/state), without posting.
 */
export async function browseToFormPost(url: string, user: BrowserUser): Promise<{ action: string; fields: Record<string, string> }> {
  const authority = new URL(url).origin;
  const first = await fetch(url, { redirect: 'manual' });
  let page = { status: first.status, url, html: await first.text() };
  for (let step = 0; step < 6; step++) {
    const form = parseForm(page.html, page.url);
    if (!form) throw new Error(`page without a form (HTTP ${page.status}): ${page.html.slice(0, 300)}`);
    if (new URL(form.action).origin !== authority) return { action: form.action, fields: form.fields };
    const fields = { ...form.fields };
    if (form.passwordInputs[0]) fields[form.passwordInputs[0]] = user.password;
    if (form.textInputs[0] && form.passwordInputs[0]) fields[form.textInputs[0]] = user.username;
    const button = form.buttons.find((b) => b.value === (user.mfa ?? 'approve')) ?? form.buttons[0];
    if (button) fields[button.name] = button.value;
    page = await submitForm(form, fields);
  }
  throw new Error('no form_post within 6 pages');
}

/** Signs in through the pages and returns an authorization code with its PKCE verifier. */
export async function authorizationCode(info: ReadyInfo, user: BrowserUser, params: Record<string, string> = {}, tenant?: string) {
  const { verifier, challenge } = pkce();
  const { fields } = await browseToFormPost(authorizeUrl(info, { code_challenge: challenge, ...params }, tenant), user);
  if (!fields.code) throw new Error(`no code: ${fields.error} ${fields.error_description}`);
  return { code: fields.code, verifier, fields };
}

/** Redeems a code over raw HTTP. */
export function redeemCode(info: ReadyInfo, code: string, verifier: string, extra: Record<string, string> = {}, tenant?: string) {
  return postForm(
    info,
    {
      client_id: info.clientId,
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      redirect_uri: 'http://localhost:53123',
      scope: `${KV_SCOPE} openid profile offline_access`,
      ...extra,
    },
    tenant ? { tenant } : {},
  );
}
