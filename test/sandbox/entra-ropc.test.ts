import { InteractionRequiredAuthError, ServerError } from '@azure/msal-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { createTestMsalApp, decodeJwtPayload, msalTokenCredential, signInWithPassword } from '../helpers/msal.js';
import {
  ALEX,
  ALEX_GUEST_OID,
  CONTOSO_TID,
  FABRIKAM_TID,
  GRAPH_APP_ID,
  KV_SCOPE,
  LEE,
  SARA,
  HELPDESK_READERS_GROUP,
  SECURITY_TEAM_GROUP,
  WORKSTATIONS_GROUP,
  expectEntraError,
  origin,
  passwordGrant,
  postForm,
  verifyJwt,
} from './entra-fixtures.js';

/**
 * Entra conformance through the real msal-node 7 (ROPC and silent flows): token shapes verified with
 * jose against the served JWKS, the groups snapshot, refresh-token rotation and revocation, guests.
 */
describe('Entra token issuance through msal-node (password and refresh grants)', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('issues a Key Vault v1 access token and a v2 id_token that verify against the JWKS', async () => {
    const { info } = sandbox;
    const app = createTestMsalApp(info);
    const result = await signInWithPassword(app, SARA.username, SARA.password, [KV_SCOPE]);

    const access = await verifyJwt(info, result.accessToken, { issuer: `https://sts.windows.net/${CONTOSO_TID}/`, audience: 'https://vault.azure.net' });
    expect(access).toMatchObject({
      ver: '1.0',
      tid: CONTOSO_TID,
      oid: SARA.oid,
      upn: SARA.username,
      unique_name: SARA.username,
      name: 'Sara Lindqvist (Security)',
      scp: 'user_impersonation',
      appid: info.clientId,
      amr: ['pwd'],
      groups: [SECURITY_TEAM_GROUP],
    });
    const lifetime = (access.exp ?? 0) - (access.iat ?? 0);
    expect(lifetime).toBeGreaterThanOrEqual(3600);
    expect(lifetime).toBeLessThanOrEqual(5400);
    expect(access.nbf).toBe(access.iat);

    const id = await verifyJwt(info, result.idToken, { issuer: `${origin(info)}/${CONTOSO_TID}/v2.0`, audience: info.clientId });
    expect(id).toMatchObject({ ver: '2.0', tid: CONTOSO_TID, oid: SARA.oid, preferred_username: SARA.username, name: 'Sara Lindqvist (Security)' });
    expect(typeof id.sub).toBe('string');

    expect(result.account).toMatchObject({
      homeAccountId: `${SARA.oid}.${CONTOSO_TID}`,
      environment: new URL(info.authority).host,
      tenantId: CONTOSO_TID,
      localAccountId: SARA.oid,
      username: SARA.username,
    });
    expect(result.scopes.map((s) => s.toLowerCase())).toContain(KV_SCOPE);
  });

  it('issues Graph tokens (aud 00000003-…) for .default, named and bare Graph scopes', async () => {
    const { info } = sandbox;
    for (const scopes of [['https://graph.microsoft.com/.default'], ['User.Read'], ['https://graph.microsoft.com/PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup']]) {
      const result = await signInWithPassword(createTestMsalApp(info), ALEX.username, ALEX.password, scopes);
      const claims = await verifyJwt(info, result.accessToken, { issuer: `https://sts.windows.net/${CONTOSO_TID}/`, audience: GRAPH_APP_ID });
      expect(String(claims.scp).split(' ')).toEqual(expect.arrayContaining(['User.Read', 'PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup']));
      expect(claims.groups).toEqual([HELPDESK_READERS_GROUP]); // standing membership only; eligibility is not membership
    }
  });

  it('takes the access-token lifetime from the live settings, and the client_info from the home account', async () => {
    const { info } = sandbox;
    expect((await sandbox.admin('PATCH', '/settings', { accessTokenLifetimeSeconds: 900 })).status).toBe(200);
    try {
      const response = await passwordGrant(info, SARA, `${KV_SCOPE} openid profile offline_access`);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ token_type: 'Bearer', expires_in: 900, ext_expires_in: 900 });
      expect(String(response.body.scope).split(' ')).toEqual(expect.arrayContaining([KV_SCOPE, 'openid', 'profile']));
      const clientInfo = JSON.parse(Buffer.from(String(response.body.client_info), 'base64url').toString('utf8'));
      expect(clientInfo).toEqual({ uid: SARA.oid, utid: CONTOSO_TID });
      const access = decodeJwtPayload<{ exp: number; iat: number }>(String(response.body.access_token));
      expect(access.exp - access.iat).toBe(900);
      expect(response.headers.get('cache-control')).toContain('no-store');
    } finally {
      await sandbox.admin('PATCH', '/settings', { accessTokenLifetimeSeconds: { min: 3600, max: 5400 } });
    }
  });

  it('omits refresh and id tokens unless offline_access and openid are asked for', async () => {
    const response = await passwordGrant(sandbox.info, SARA, KV_SCOPE);
    expect(response.status).toBe(200);
    expect(response.body.access_token).toBeTypeOf('string');
    expect(response.body.refresh_token).toBeUndefined();
    expect(response.body.id_token).toBeUndefined();
  });

  it('snapshots groups at issue time: a membership change shows only after a forced refresh', async () => {
    const { info, context } = sandbox;
    const app = createTestMsalApp(info);
    const first = await signInWithPassword(app, ALEX.username, ALEX.password, [KV_SCOPE]);
    expect(decodeJwtPayload<{ groups?: string[] }>(first.accessToken).groups ?? []).not.toContain(WORKSTATIONS_GROUP);

    const group = context.store.defaultTenant.groups.find((g) => g.id === WORKSTATIONS_GROUP)!;
    group.members.push(ALEX.oid);
    try {
      const cached = await app.acquireTokenSilent({ account: first.account!, scopes: [KV_SCOPE] });
      expect(cached.accessToken).toBe(first.accessToken);
      expect(decodeJwtPayload<{ groups?: string[] }>(cached.accessToken).groups ?? []).not.toContain(WORKSTATIONS_GROUP);

      const fresh = await app.acquireTokenSilent({ account: first.account!, scopes: [KV_SCOPE], forceRefresh: true });
      expect(fresh.accessToken).not.toBe(first.accessToken);
      expect(decodeJwtPayload<{ groups?: string[] }>(fresh.accessToken).groups).toContain(WORKSTATIONS_GROUP);
    } finally {
      group.members.splice(group.members.indexOf(ALEX.oid), 1);
    }
  });

  it('rotates refresh tokens: each redemption returns a new one, and MSAL keeps the newest', async () => {
    const { info } = sandbox;
    const first = await passwordGrant(info, SARA, `${KV_SCOPE} openid profile offline_access`);
    const rt1 = String(first.body.refresh_token);
    const refresh = (token: string) =>
      passwordGrantLike(info, { grant_type: 'refresh_token', refresh_token: token, scope: `${KV_SCOPE} openid profile offline_access` });
    const second = await refresh(rt1);
    expect(second.status).toBe(200);
    const rt2 = String(second.body.refresh_token);
    expect(rt2).not.toBe(rt1);
    expect(second.body.id_token).toBeTypeOf('string');
    // Entra does not revoke the old refresh token when it is used (refresh-tokens doc).
    expect((await refresh(rt1)).status).toBe(200);
    // Refresh tokens are opaque, not JWTs, and only their hashes are stored.
    expect(rt2.split('.').length).toBeLessThan(3);
    expect(JSON.stringify(sandbox.context.store.data.refreshTokens)).not.toContain(rt2);

    const app = createTestMsalApp(info);
    const signIn = await signInWithPassword(app, SARA.username, SARA.password, [KV_SCOPE]);
    const cachedRt = () => Object.values(JSON.parse(app.getTokenCache().serialize()).RefreshToken as Record<string, { secret: string }>)[0]!.secret;
    const before = cachedRt();
    await app.acquireTokenSilent({ account: signIn.account!, scopes: [KV_SCOPE], forceRefresh: true });
    expect(cachedRt()).not.toBe(before);
  });

  it('revoking the user\'s sessions (admin API) makes refresh fail with AADSTS50173, which MSAL reports as interaction required', async () => {
    const { info } = sandbox;
    const app = createTestMsalApp(info);
    const signIn = await signInWithPassword(app, ALEX.username, ALEX.password, [KV_SCOPE]);
    const raw = await passwordGrant(info, ALEX, `${KV_SCOPE} offline_access`);
    const revoke = await sandbox.admin<{ value: boolean; revokedRefreshTokens: number }>('POST', `/tenants/${CONTOSO_TID}/users/${ALEX.oid}/revoke-sessions`);
    expect(revoke.status).toBe(200);
    expect(revoke.body.revokedRefreshTokens).toBeGreaterThanOrEqual(2);

    const error = await app.acquireTokenSilent({ account: signIn.account!, scopes: [KV_SCOPE], forceRefresh: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InteractionRequiredAuthError);
    expect((error as InteractionRequiredAuthError).errorMessage).toContain('AADSTS50173: ');

    const wire = await passwordGrantLike(info, { grant_type: 'refresh_token', refresh_token: String(raw.body.refresh_token), scope: KV_SCOPE });
    expectEntraError(wire, 400, 'invalid_grant', 50173);
    expect(wire.body.suberror).toBe('bad_token');
    // A new sign-in after the revocation works again.
    expect((await passwordGrant(info, ALEX, KV_SCOPE)).status).toBe(200);
    expect((await sandbox.admin('POST', `/tenants/${CONTOSO_TID}/users/00000000-0000-0000-0000-000000000000/revoke-sessions`)).status).toBe(404);
  });

  it('signs a B2B guest into the resource tenant with the home account', async () => {
    const { info } = sandbox;
    const app = createTestMsalApp(info, FABRIKAM_TID);
    const result = await signInWithPassword(app, ALEX.username, ALEX.password, [KV_SCOPE]);
    const access = await verifyJwt(info, result.accessToken, { issuer: `https://sts.windows.net/${FABRIKAM_TID}/`, audience: 'https://vault.azure.net' });
    expect(access).toMatchObject({ tid: FABRIKAM_TID, oid: ALEX_GUEST_OID, unique_name: ALEX.username, idp: `https://sts.windows.net/${CONTOSO_TID}/` });
    expect(access.upn).toBeUndefined();
    const id = decodeJwtPayload(result.idToken);
    expect(id).toMatchObject({ tid: FABRIKAM_TID, oid: ALEX_GUEST_OID, preferred_username: ALEX.username, iss: `${origin(info)}/${FABRIKAM_TID}/v2.0` });
    // MSAL's account is the home account; the guest object is a tenant profile.
    expect(result.account).toMatchObject({ homeAccountId: `${ALEX.oid}.${CONTOSO_TID}`, tenantId: FABRIKAM_TID, localAccountId: ALEX_GUEST_OID });
  });

  it('redeems a home-tenant refresh token in the guest tenant (the Key Vault challenge names the tenant)', async () => {
    const { info } = sandbox;
    const app = createTestMsalApp(info);
    const signIn = await signInWithPassword(app, ALEX.username, ALEX.password, [KV_SCOPE]);
    const credential = msalTokenCredential(app, signIn.account!);
    const token = await credential.getToken(KV_SCOPE, { tenantId: FABRIKAM_TID });
    expect(decodeJwtPayload(token!.token)).toMatchObject({ tid: FABRIKAM_TID, oid: ALEX_GUEST_OID });
    const home = await credential.getToken(KV_SCOPE, { tenantId: CONTOSO_TID });
    expect(decodeJwtPayload(home!.token)).toMatchObject({ tid: CONTOSO_TID, oid: ALEX.oid });
  });

  it('answers wrong passwords, unknown users and strangers with the real AADSTS codes', async () => {
    const { info } = sandbox;
    const wrong = await signInWithPassword(createTestMsalApp(info), SARA.username, 'nope', [KV_SCOPE]).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(ServerError);
    expect((wrong as ServerError).errorCode).toBe('invalid_grant');
    expect((wrong as ServerError).errorMessage).toContain('AADSTS50126: Error validating credentials due to invalid username or password.');

    expectEntraError(await passwordGrant(info, { ...SARA, password: 'wrong' }, KV_SCOPE), 400, 'invalid_grant', 50126);
    expectEntraError(await passwordGrant(info, { username: 'nobody@contoso-it.example', password: 'x' }, KV_SCOPE), 400, 'invalid_grant', 50034);
    // Lee is a Fabrikam member with no guest account in Contoso.
    expectEntraError(await passwordGrant(info, LEE, KV_SCOPE), 400, 'invalid_grant', 50020);
    // A guest object's own #EXT# name is not a sign-in name.
    expectEntraError(
      await passwordGrant(info, { username: 'alex.helpdesk_contoso-it.example#EXT#@fabrikam.example', password: 'guest-signs-in-at-home' }, KV_SCOPE, {}, FABRIKAM_TID),
      400,
      'invalid_grant',
      50034,
    );
  });

  it('refuses ROPC when the claims ask for MFA or an authentication context (AADSTS50076, claims echoed)', async () => {
    const { info } = sandbox;
    const claims = JSON.stringify({ access_token: { acrs: { essential: true, value: 'c1' } } });
    const app = createTestMsalApp(info);
    const error = await app.acquireTokenByUsernamePassword({ username: SARA.username, password: SARA.password, scopes: [KV_SCOPE], claims }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InteractionRequiredAuthError);
    expect((error as InteractionRequiredAuthError).errorMessage).toContain('AADSTS50076: ');
    expect((error as InteractionRequiredAuthError).claims).toContain('"acrs"');

    const wire = await passwordGrant(info, SARA, KV_SCOPE, { claims: JSON.stringify({ access_token: { amr: { essential: true, values: ['mfa'] } } }) });
    expectEntraError(wire, 400, 'interaction_required', 50076);
    expect(wire.body.suberror).toBe('basic_action');
  });

  it('refuses ROPC over /common, as Entra does (AADSTS9001023)', async () => {
    const app = createTestMsalApp(sandbox.info, 'common');
    const error = await signInWithPassword(app, LEE.username, LEE.password, [KV_SCOPE]).catch((e: unknown) => e);
    expect((error as { errorMessage?: string }).errorMessage).toContain('AADSTS9001023: ');
  });

  it('accepts the tenant domain and the organizations alias as MSAL authority', async () => {
    const { info } = sandbox;
    for (const authority of ['fabrikam.example', 'organizations']) {
      const app = createTestMsalApp(info, authority);
      const result = await signInWithPassword(app, LEE.username, LEE.password, [KV_SCOPE]);
      expect(decodeJwtPayload(result.accessToken)).toMatchObject({ tid: FABRIKAM_TID, oid: LEE.oid });
      expect(result.account).toMatchObject({ homeAccountId: `${LEE.oid}.${FABRIKAM_TID}`, tenantId: FABRIKAM_TID });
      const renewed = await app.acquireTokenSilent({ account: result.account!, scopes: [KV_SCOPE], forceRefresh: true });
      expect(decodeJwtPayload(renewed.accessToken)).toMatchObject({ tid: FABRIKAM_TID });
    }
  });

  it('marks CAE-capable clients (xms_cc) and answers a CAE nbf claims challenge with a fresh token', async () => {
    const { info } = sandbox;
    const app = createTestMsalApp(info, undefined, { clientCapabilities: ['CP1'] });
    const result = await signInWithPassword(app, SARA.username, SARA.password, [KV_SCOPE]);
    expect(decodeJwtPayload(result.accessToken)).toMatchObject({ xms_cc: ['CP1'] });
    const challenge = JSON.stringify({ access_token: { nbf: { essential: true, value: String(Math.floor(Date.now() / 1000)) } } });
    const token = await msalTokenCredential(app, result.account!).getToken(KV_SCOPE, { claims: challenge, tenantId: CONTOSO_TID });
    expect(token!.token).not.toBe(result.accessToken);
    expect(decodeJwtPayload(token!.token)).toMatchObject({ oid: SARA.oid, xms_cc: ['CP1'] });
  });

  it('expires refresh tokens after their lifetime (AADSTS700082) on the sandbox clock', async () => {
    const { info } = sandbox;
    const signIn = await passwordGrant(info, SARA, `${KV_SCOPE} offline_access`);
    expect((await sandbox.admin('POST', '/clock/advance', { seconds: sandbox.context.store.data.settings.refreshTokenLifetimeSeconds + 60 })).status).toBe(200);
    const wire = await passwordGrantLike(info, { grant_type: 'refresh_token', refresh_token: String(signIn.body.refresh_token), scope: KV_SCOPE });
    expectEntraError(wire, 400, 'invalid_grant', 700082);
  });
});

function passwordGrantLike(info: TestSandbox['info'], fields: Record<string, string>) {
  return postForm(info, { client_id: info.clientId, ...fields });
}
