import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import {
  CONTOSO_TID,
  FABRIKAM_TID,
  KV_SCOPE,
  SARA,
  authorizationCode,
  expectEntraError,
  origin,
  passwordGrant,
  postForm,
  redeemCode,
} from './entra-fixtures.js';

/**
 * The token endpoint's failure modes on the wire: every error kind with its AADSTS code and
 * Entra's error body, bad input (garbage, wrong content types, oversized bodies, missing
 * parameters) answered with Entra errors, and the sandbox still serving afterwards.
 */
describe('Entra token endpoint errors', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('reads only form bodies: JSON or no content type means a missing grant_type (AADSTS900144)', async () => {
    const { info } = sandbox;
    const json = JSON.stringify({ grant_type: 'password', client_id: info.clientId, username: SARA.username, password: SARA.password, scope: KV_SCOPE });
    const asJson = await postForm(info, {}, { contentType: 'application/json', body: json });
    expectEntraError(asJson, 400, 'invalid_request', 900144);
    expect(asJson.body.error_description).toMatch(/^AADSTS900144: The request body must contain the following parameter: 'grant_type'\./);
    expectEntraError(await postForm(info, {}, { contentType: 'text/plain', body: 'grant_type=password' }), 400, 'invalid_request', 900144);
  });

  it('names each missing parameter, in order (AADSTS900144)', async () => {
    const { info } = sandbox;
    const cases: [Record<string, string>, string][] = [
      [{}, 'grant_type'],
      [{ grant_type: 'password' }, 'client_id'],
      [{ grant_type: 'password', client_id: info.clientId }, 'username'],
      [{ grant_type: 'password', client_id: info.clientId, username: SARA.username }, 'password'],
      [{ grant_type: 'password', client_id: info.clientId, username: SARA.username, password: SARA.password }, 'scope'],
      [{ grant_type: 'refresh_token', client_id: info.clientId }, 'refresh_token'],
      [{ grant_type: 'authorization_code', client_id: info.clientId }, 'code'],
      [{ grant_type: 'device_code', client_id: info.clientId }, 'device_code'],
    ];
    for (const [fields, name] of cases) {
      const response = await postForm(info, fields);
      expectEntraError(response, 400, 'invalid_request', 900144);
      expect(response.body.error_description).toContain(`parameter: '${name}'.`);
    }
  });

  it('rejects unknown clients, client secrets, unknown grant types, wrong methods and unknown tenants', async () => {
    const { info } = sandbox;
    const unknown = await postForm(info, { grant_type: 'password', client_id: '11111111-2222-3333-4444-555555555555' });
    expectEntraError(unknown, 400, 'unauthorized_client', 700016);
    expect(unknown.body.error_description).toContain(`Application with identifier '11111111-2222-3333-4444-555555555555' was not found in the directory '${CONTOSO_TID}'`);
    expectEntraError(await postForm(info, { grant_type: 'client_credentials', client_id: info.clientId, client_secret: 's' }), 401, 'invalid_client', 700025);
    expectEntraError(await postForm(info, { grant_type: 'client_credentials', client_id: info.clientId }), 400, 'unsupported_grant_type', 70003);
    expectEntraError(await postForm(info, { grant_type: 'constructor', client_id: info.clientId }), 400, 'unsupported_grant_type', 70003);
    expectEntraError(await postForm(info, { grant_type: 'password', client_id: info.clientId }, { tenant: 'nobody.example' }), 400, 'invalid_request', 90002);
    const get = await fetch(`${info.authority}/oauth2/v2.0/token`);
    expect(get.status).toBe(400);
    expect(((await get.json()) as { error_codes: number[] }).error_codes).toEqual([900561]);
  });

  it('answers scope problems as Entra does: two resources (28000), unknown scope (70011) or resource (500011), no consent (65001)', async () => {
    const { info } = sandbox;
    const two = await passwordGrant(info, SARA, `${KV_SCOPE} https://graph.microsoft.com/.default`);
    expectEntraError(two, 400, 'invalid_scope', 28000);
    expect(two.body.error_description).toContain('because it contains more than one resource');
    expectEntraError(await passwordGrant(info, SARA, 'https://vault.azure.net/read.everything'), 400, 'invalid_scope', 70011);
    expectEntraError(await passwordGrant(info, SARA, 'Not.A.Permission'), 400, 'invalid_scope', 70011);
    expectEntraError(await passwordGrant(info, SARA, 'https://graph.microsoft.com/.default User.Read'), 400, 'invalid_scope', 70011);
    expectEntraError(await passwordGrant(info, SARA, 'api://unknown-app/.default'), 400, 'invalid_resource', 500011);
    const consent = await passwordGrant(info, SARA, 'Mail.Read');
    expectEntraError(consent, 400, 'invalid_grant', 65001);
    expect(consent.body.suberror).toBe('consent_required');
    // Key Vault's app id and the double slash azure-identity writes for resources both name Key Vault.
    expect((await passwordGrant(info, SARA, 'cfa8b339-82a2-471a-a3c9-0fc0be7a4093/.default')).status).toBe(200);
    expect((await passwordGrant(info, SARA, 'https://vault.azure.net//.default')).status).toBe(200);
    expectEntraError(await passwordGrant(info, SARA, KV_SCOPE, { claims: '{"access_token":' }), 400, 'invalid_request', 90100);
  });

  it('treats garbage refresh tokens and another client as invalid grants', async () => {
    const { info } = sandbox;
    const garbage = await postForm(info, { grant_type: 'refresh_token', client_id: info.clientId, refresh_token: 'x'.repeat(3000), scope: KV_SCOPE });
    expectEntraError(garbage, 400, 'invalid_grant', 9002313);
    const other = await postForm(info, { grant_type: 'refresh_token', client_id: info.clientId, refresh_token: '\u0000\uffff<script>', scope: KV_SCOPE });
    expectEntraError(other, 400, 'invalid_grant', 9002313);
  });

  it('checks authorization codes: PKCE, redirect URI, scope, tenant, single use and the 10-minute life', async () => {
    const { info } = sandbox;
    const pkceMismatch = await authorizationCode(info, SARA);
    expectEntraError(await redeemCode(info, pkceMismatch.code, 'A'.repeat(43)), 400, 'invalid_grant', 501481);

    const missingVerifier = await authorizationCode(info, SARA);
    const noVerifier = await postForm(info, { client_id: info.clientId, grant_type: 'authorization_code', code: missingVerifier.code, redirect_uri: 'http://localhost:53123', scope: KV_SCOPE });
    expectEntraError(noVerifier, 400, 'invalid_request', 900144);

    const wrongRedirect = await authorizationCode(info, SARA);
    expectEntraError(await redeemCode(info, wrongRedirect.code, wrongRedirect.verifier, { redirect_uri: 'http://localhost:9999' }), 400, 'invalid_grant', 50011);

    const noScope = await authorizationCode(info, SARA);
    expectEntraError(await redeemCode(info, noScope.code, noScope.verifier, { scope: '' }), 400, 'invalid_scope', 28003);

    const otherTenant = await authorizationCode(info, SARA);
    expectEntraError(await redeemCode(info, otherTenant.code, otherTenant.verifier, {}, FABRIKAM_TID), 400, 'invalid_grant', 700005);

    const reuse = await authorizationCode(info, SARA);
    const first = await redeemCode(info, reuse.code, reuse.verifier);
    expect(first.status).toBe(200);
    expect(first.body.refresh_token).toBeTypeOf('string');
    expectEntraError(await redeemCode(info, reuse.code, reuse.verifier), 400, 'invalid_grant', 54005);

    expectEntraError(await redeemCode(info, 'not-a-code', 'A'.repeat(43)), 400, 'invalid_grant', 70000);

    // The authorize leg may cover two resources; each redemption is for one.
    const multi = await authorizationCode(info, SARA, { scope: `${KV_SCOPE} https://graph.microsoft.com/User.Read openid offline_access` });
    expectEntraError(await redeemCode(info, multi.code, multi.verifier, { scope: `${KV_SCOPE} https://graph.microsoft.com/User.Read` }), 400, 'invalid_scope', 28000);

    const late = await authorizationCode(info, SARA);
    await sandbox.admin('POST', '/clock/advance', { seconds: 601 });
    expectEntraError(await redeemCode(info, late.code, late.verifier), 400, 'invalid_grant', 70008);
  });

  it('refuses oversized bodies with an Entra error and keeps serving', async () => {
    const { info } = sandbox;
    const big = await postForm(info, {}, { body: `grant_type=password&pad=${'a'.repeat(200 * 1024)}` });
    expect(big.status).toBe(413);
    expect(big.body.error).toBe('invalid_request');
    expect(big.body.error_codes).toEqual([90004]);

    // A lying Content-Length (declares 10 MB, sends a few bytes) is refused before reading.
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(`${info.authority}/oauth2/v2.0/token`);
      const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(10 * 1024 * 1024) } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', reject);
      // Send a few bytes and never the rest: the answer must not wait for them.
      req.write('grant_type=password');
    });
    expect(status).toBe(413);

    const garbage = await postForm(info, {}, { body: Buffer.from([0xff, 0xfe, 0x00, 0x26, 0x3d, 0x3d, 0x25, 0x25, 0x7a]) });
    expectEntraError(garbage, 400, 'invalid_request', 900144);
    expect((await passwordGrant(info, SARA, KV_SCOPE)).status).toBe(200);
    expect(origin(info)).toMatch(/^https:\/\/localhost:\d+$/);
  });
});
