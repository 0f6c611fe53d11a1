import { AuthError } from '@azure/msal-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { completeDeviceCode, createTestMsalApp, decodeJwtPayload, parseForm, signInWithDeviceCode, submitForm } from '../helpers/msal.js';
import { ALEX, CONTOSO_TID, KV_SCOPE, SARA, expectEntraError, origin, postForm, verifyJwt } from './entra-fixtures.js';

/**
 * The device authorization grant: msal-node's acquireTokenByDeviceCode polling while the test
 * completes the verification page over HTTP; pending, declined, expired and unknown codes on the
 * wire (both grant_type spellings); MFA on the verification path.
 */
describe('Entra device code flow', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  const start = (scope = `${KV_SCOPE} openid profile offline_access`, extra: Record<string, string> = {}) =>
    postForm(sandbox.info, { client_id: sandbox.info.clientId, scope, ...extra }, { endpoint: 'devicecode' });
  const poll = (deviceCode: string, grantType = 'device_code') =>
    postForm(sandbox.info, { client_id: sandbox.info.clientId, grant_type: grantType, device_code: deviceCode, scope: `${KV_SCOPE} openid profile offline_access` });

  it('answers /devicecode with Entra\'s fields (15 minutes, 5-second interval, our verification page)', async () => {
    const response = await start();
    expect(response.status).toBe(200);
    expect(Object.keys(response.body).sort()).toEqual(['device_code', 'expires_in', 'interval', 'message', 'user_code', 'verification_uri']);
    expect(response.body).toMatchObject({ expires_in: 900, interval: 5, verification_uri: `${origin(sandbox.info)}/devicelogin` });
    expect(response.body.user_code).toMatch(/^[A-Z2-9]{9}$/);
    expect(String(response.body.message)).toContain(String(response.body.user_code));
  });

  it('signs in through msal-node while the verification page is completed over HTTP', async () => {
    const { info } = sandbox;
    const app = createTestMsalApp(info);
    const result = await signInWithDeviceCode(app, ALEX, [KV_SCOPE]);
    const access = await verifyJwt(info, result.accessToken, { issuer: `https://sts.windows.net/${CONTOSO_TID}/`, audience: 'https://vault.azure.net' });
    expect(access).toMatchObject({ oid: ALEX.oid, amr: ['pwd'] });
    expect(result.account).toMatchObject({ homeAccountId: `${ALEX.oid}.${CONTOSO_TID}` });
    const silent = await app.acquireTokenSilent({ account: result.account!, scopes: [KV_SCOPE], forceRefresh: true });
    expect(silent.accessToken).toBeTypeOf('string');
  });

  it('keeps a poll pending until the person finishes, accepts both grant_type spellings, and is single use', async () => {
    const started = await start();
    const deviceCode = String(started.body.device_code);
    const pending = await poll(deviceCode);
    expectEntraError(pending, 400, 'authorization_pending', 70016);
    expectEntraError(await poll(deviceCode, 'urn:ietf:params:oauth:grant-type:device_code'), 400, 'authorization_pending', 70016);

    const done = await completeDeviceCode(String(started.body.verification_uri), String(started.body.user_code).toLowerCase(), SARA);
    expect(done).toContain('You have signed in to the JIT Vault application on your device');
    const tokens = await poll(deviceCode, 'urn:ietf:params:oauth:grant-type:device_code');
    expect(tokens.status).toBe(200);
    expect(tokens.body).toMatchObject({ token_type: 'Bearer' });
    expect(decodeJwtPayload(String(tokens.body.access_token))).toMatchObject({ oid: SARA.oid });
    expect(tokens.body.refresh_token).toBeTypeOf('string');
    expect(tokens.body.id_token).toBeTypeOf('string');
    expectEntraError(await poll(deviceCode), 400, 'invalid_grant', 54005);
  });

  it('reports a cancel on the confirmation page as authorization_declined, which stops msal-node', async () => {
    const { info } = sandbox;
    const app = createTestMsalApp(info);
    let pageHtml = '';
    const error = await app
      .acquireTokenByDeviceCode({
        scopes: [KV_SCOPE],
        deviceCodeCallback: (response) => {
          void (async () => {
            const entry = parseForm(await (await fetch(response.verificationUri)).text(), response.verificationUri)!;
            const confirm = await submitForm(entry, { otc: response.userCode });
            const form = parseForm(confirm.html, response.verificationUri)!;
            pageHtml = (await submitForm(form, { ...form.fields, confirm: 'cancel' })).html;
          })();
        },
      })
      .catch((e: unknown) => e);
    // MSAL stops polling on any error but authorization_pending and reports the server's error value.
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).errorCode).toBe('post_request_failed');
    expect((error as AuthError).errorMessage).toContain('authorization_declined');
    expect(pageHtml).toContain('Sign-in canceled');
  });

  it('expires device codes after expires_in on the sandbox clock (AADSTS70020) and refuses unknown ones', async () => {
    const started = await start();
    await sandbox.admin('POST', '/clock/advance', { seconds: 901 });
    expectEntraError(await poll(String(started.body.device_code)), 400, 'expired_token', 70020);
    const page = await completeDeviceCode(String(started.body.verification_uri), String(started.body.user_code), SARA);
    expect(page).toContain('has expired');
    expectEntraError(await poll('DAQABIQEAAABunknown'), 400, 'bad_verification_code', 70018);
  });

  it('rejects wrong codes on the page and asks for MFA when the device-code request carried an MFA claim', async () => {
    const { info } = sandbox;
    const entryUrl = `${origin(info)}/devicelogin`;
    const entry = parseForm(await (await fetch(entryUrl)).text(), entryUrl)!;
    const wrong = await submitForm(entry, { otc: 'ZZZZZZZZZ' });
    expect(wrong.html).toContain('recognize this code');

    const started = await start(KV_SCOPE, { claims: JSON.stringify({ access_token: { acrs: { essential: true, value: 'c3' } } }) });
    const html = await completeDeviceCode(String(started.body.verification_uri), String(started.body.user_code), { ...SARA, mfa: 'approve' });
    expect(html).toContain('You have signed in');
    const tokens = await poll(String(started.body.device_code));
    expect(decodeJwtPayload(String(tokens.body.access_token))).toMatchObject({ amr: ['pwd', 'mfa'], acrs: ['c3'] });
  });

  it('validates the /devicecode request like the token endpoint', async () => {
    const { info } = sandbox;
    expectEntraError(await postForm(info, { scope: KV_SCOPE }, { endpoint: 'devicecode' }), 400, 'invalid_request', 900144);
    expectEntraError(await postForm(info, { client_id: info.clientId }, { endpoint: 'devicecode' }), 400, 'invalid_request', 900144);
    expectEntraError(await postForm(info, { client_id: 'nope', scope: KV_SCOPE }, { endpoint: 'devicecode' }), 400, 'unauthorized_client', 700016);
    expectEntraError(await postForm(info, { client_id: info.clientId, scope: 'api://x/.default' }, { endpoint: 'devicecode' }), 400, 'invalid_resource', 500011);
    const get = await fetch(`${info.authority}/oauth2/v2.0/devicecode`);
    expect(get.status).toBe(400);
  });
});
