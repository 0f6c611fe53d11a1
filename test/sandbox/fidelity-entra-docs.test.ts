import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseForm } from '../helpers/msal.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { authorizationCode, authorizeUrl, KV_SCOPE, origin, passwordGrant, pkce, postForm, redeemCode, SARA, type RawResponse } from './entra-fixtures.js';

/**
 * Entra's documented protocol shapes (MicrosoftDocs/entra-docs, docs/identity-platform/
 * v2-oauth2-auth-code-flow.md, v2-oauth2-device-code.md, v2-oauth-ropc.md) and the key set of a
 * real v2.0 OpenID configuration document, compared with what the sandbox answers.
 */

/**
 * Keys of login.microsoftonline.com's v2.0 OpenID configuration, from a machine-fetched
 * snapshot: panva/wellknown issuers/entra-common/entra-common.mjs, commit
 * 99a4b3ae9d1de76decf16c46cd945d29aa9b2a63.
 */
const REAL_OPENID_KEYS = [
  'token_endpoint',
  'token_endpoint_auth_methods_supported',
  'jwks_uri',
  'response_modes_supported',
  'subject_types_supported',
  'id_token_signing_alg_values_supported',
  'response_types_supported',
  'scopes_supported',
  'issuer',
  'request_uri_parameter_supported',
  'userinfo_endpoint',
  'authorization_endpoint',
  'device_authorization_endpoint',
  'http_logout_supported',
  'frontchannel_logout_supported',
  'end_session_endpoint',
  'claims_supported',
  'kerberos_endpoint',
  'tenant_region_scope',
  'cloud_instance_name',
  'cloud_graph_host_name',
  'msgraph_host',
  'rbac_url',
].sort();

/** v2-oauth2-device-code.md "Device authorization response" (no verification_uri_complete). */
const DEVICE_CODE_KEYS = ['device_code', 'expires_in', 'interval', 'message', 'user_code', 'verification_uri'];
/** The token responses in all three pages (with openid and offline_access requested). */
const TOKEN_KEYS = ['access_token', 'expires_in', 'id_token', 'refresh_token', 'scope', 'token_type'];
/** Fields real Entra adds to a user-flow token response that MSAL reads (client_info, ext_expires_in). */
const TOKEN_EXTRAS = ['client_info', 'ext_expires_in', 'foci', 'refresh_token_expires_in'];
/** v2-oauth2-auth-code-flow.md "Error response". */
const ERROR_KEYS = ['correlation_id', 'error', 'error_codes', 'error_description', 'timestamp', 'trace_id'];
/** Real error bodies also carry error_uri, and suberror/claims where relevant (MSAL reads all three). */
const ERROR_EXTRAS = ['claims', 'error_uri', 'suberror'];

function keys(value: object): string[] {
  return Object.keys(value).sort();
}

function expectDocumentedError(response: RawResponse, status: number, error: string, code: number): void {
  expect(response.status).toBe(status);
  const body = response.body;
  expect(keys(body)).toEqual(expect.arrayContaining(ERROR_KEYS));
  expect(keys(body).filter((k) => !ERROR_KEYS.includes(k)).every((k) => ERROR_EXTRAS.includes(k))).toBe(true);
  expect(body.error).toBe(error);
  expect(body.error_codes).toEqual([code]);
  // The description ends with the same trace id, correlation id and timestamp as the fields.
  expect(body.error_description).toMatch(new RegExp(`^AADSTS${code}: `));
  expect(String(body.error_description).endsWith(`\r\nTrace ID: ${String(body.trace_id)}\r\nCorrelation ID: ${String(body.correlation_id)}\r\nTimestamp: ${String(body.timestamp)}`)).toBe(true);
  expect(body.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
}

describe('Entra fidelity: documented protocol shapes', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(async () => sandbox?.close());

  it('the tenant OpenID configuration has exactly the key set of the real document', async () => {
    const body = (await (await fetch(`${sandbox.info.authority}/v2.0/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(keys(body)).toEqual(REAL_OPENID_KEYS);
    expect(body.issuer).toBe(`${sandbox.info.authority}/v2.0`);
    expect(body.kerberos_endpoint).toBe(`${sandbox.info.authority}/kerberos`);
    expect(typeof body.tenant_region_scope).toBe('string');
  });

  it('the common OpenID configuration: same keys, the {tenantid} issuer, no region', async () => {
    const body = (await (await fetch(`${origin(sandbox.info)}/common/v2.0/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(keys(body)).toEqual(REAL_OPENID_KEYS);
    expect(body.issuer).toBe(`${origin(sandbox.info)}/{tenantid}/v2.0`);
    expect(body.tenant_region_scope).toBeNull();
  });

  it('v2-oauth2-device-code.md: the device authorization response has the six documented fields (15 minutes, 5-second interval)', async () => {
    const response = await postForm(sandbox.info, { client_id: sandbox.info.clientId, scope: 'user.read openid profile' }, { endpoint: 'devicecode' });
    expect(response.status).toBe(200);
    expect(keys(response.body)).toEqual(DEVICE_CODE_KEYS);
    expect(response.body).toMatchObject({ expires_in: 900, interval: 5 });
    expect(String(response.body.message)).toContain(String(response.body.user_code));
  });

  it('v2-oauth2-device-code.md: polling with the documented URN grant type answers authorization_pending in the documented error shape', async () => {
    const started = await postForm(sandbox.info, { client_id: sandbox.info.clientId, scope: `${KV_SCOPE} openid profile offline_access` }, { endpoint: 'devicecode' });
    const poll = await postForm(sandbox.info, {
      grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
      client_id: sandbox.info.clientId,
      device_code: String(started.body.device_code),
    });
    expectDocumentedError(poll, 400, 'authorization_pending', 70016);
  });

  it('v2-oauth-ropc.md: the password grant returns the documented token response', async () => {
    const response = await passwordGrant(sandbox.info, SARA, 'user.read openid profile offline_access');
    expect(response.status).toBe(200);
    expect(keys(response.body)).toEqual(expect.arrayContaining(TOKEN_KEYS));
    expect(keys(response.body).filter((k) => !TOKEN_KEYS.includes(k)).every((k) => TOKEN_EXTRAS.includes(k))).toBe(true);
    expect(response.body.token_type).toBe('Bearer');
    expect(typeof response.body.expires_in).toBe('number');
  });

  it('v2-oauth-ropc.md: wrong credentials are invalid_grant', async () => {
    expectDocumentedError(await passwordGrant(sandbox.info, { ...SARA, password: 'wrong' }, KV_SCOPE), 400, 'invalid_grant', 50126);
  });

  it('v2-oauth2-auth-code-flow.md: code redemption and refresh return the documented token response', async () => {
    const { code, verifier } = await authorizationCode(sandbox.info, SARA);
    const redeemed = await redeemCode(sandbox.info, code, verifier);
    expect(redeemed.status).toBe(200);
    expect(keys(redeemed.body)).toEqual(expect.arrayContaining(TOKEN_KEYS));
    const refreshed = await postForm(sandbox.info, {
      client_id: sandbox.info.clientId,
      grant_type: 'refresh_token',
      refresh_token: String(redeemed.body.refresh_token),
      scope: `${KV_SCOPE} openid profile offline_access`,
    });
    expect(refreshed.status).toBe(200);
    expect(keys(refreshed.body)).toEqual(expect.arrayContaining(TOKEN_KEYS));
    expect(keys(refreshed.body).filter((k) => !TOKEN_KEYS.includes(k)).every((k) => TOKEN_EXTRAS.includes(k))).toBe(true);
  });

  it('v2-oauth2-auth-code-flow.md: the documented invalid_scope error (AADSTS70011) in the documented shape', async () => {
    const response = await passwordGrant(sandbox.info, SARA, 'https://vault.azure.net/not-a-scope');
    expectDocumentedError(response, 400, 'invalid_scope', 70011);
  });

  it('v2-oauth2-auth-code-flow.md: response_mode=query delivers code and state in the redirect query', async () => {
    const url = authorizeUrl(sandbox.info, { code_challenge: pkce().challenge, response_mode: 'query', state: '12345' });
    const form = parseForm(await (await fetch(url)).text(), url)!;
    const redirect = await fetch(form.action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...form.fields, login: SARA.username, passwd: SARA.password }).toString(),
      redirect: 'manual',
    });
    expect(redirect.status).toBe(302);
    const location = new URL(redirect.headers.get('location')!);
    expect(location.origin).toBe('http://localhost:53123');
    const params = Object.fromEntries(location.searchParams);
    expect(params).toMatchObject({ state: '12345' });
    expect(params.code).toMatch(/^1\.[A-Za-z0-9_-]{20,}$/);
    // Besides code and state, Entra adds only session_state and (for MSAL's client_info=1) client_info.
    expect(Object.keys(params).every((k) => ['code', 'state', 'session_state', 'client_info'].includes(k))).toBe(true);
  });

  it('v2-oauth2-auth-code-flow.md: authorize errors reach the redirect URI as error and error_description', async () => {
    const url = authorizeUrl(sandbox.info, { code_challenge: pkce().challenge, response_mode: 'query', response_type: 'token' });
    const response = await fetch(url, { redirect: 'manual' });
    expect(response.status).toBe(302);
    const params = new URL(response.headers.get('location')!).searchParams;
    expect(params.get('error')).toBe('unsupported_response_type');
    expect(params.get('error_description')).toMatch(/^AADSTS\d+: /);
  });
});
