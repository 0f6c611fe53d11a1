import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../helpers/fakes/secret-store.fake.js';
import { AuthService, type SignedInAccount } from '../../main/services/auth/auth.service.js';
import { InteractionRequiredError } from '../../main/services/auth/auth-errors.js';
import type { TenantSettings } from '../../main/services/settings/settings.schema.js';
import { browseSignIn, completeDeviceCode, decodeJwtPayload, type BrowserUser } from '../helpers/msal.js';
import type { TestSandbox } from '../helpers/sandbox.js';
import { startAuthSandbox } from './auth-support.js';

/**
 * AuthService with the real msal-node against the sandbox's Entra, an in-memory SecretStore in
 * place of the keychain (the keychain itself is covered by test/integration/auth-*.test.ts).
 */
let sandbox: TestSandbox;
let tenants: TenantSettings[];
let alex: BrowserUser & { oid: string };
let fabrikamId: string;

beforeAll(async () => {
  ({ sandbox, tenants, alex } = await startAuthSandbox());
  const { info } = sandbox;
  fabrikamId = info.tenants.find((t) => t.tenantId !== info.tenantId)!.tenantId;
});

afterAll(async () => {
  await sandbox?.close();
});

/** The system browser, played over HTTP by the sign-in page driver. */
const browserFor = (user: BrowserUser) => async (url: string) => {
  await browseSignIn(url, user);
};

async function signedIn(store = new MemorySecretStore()): Promise<{ auth: AuthService; store: MemorySecretStore; account: SignedInAccount }> {
  const auth = await AuthService.create({ endpoints: { allowLoopback: true }, tenants, secretStore: store });
  const account = await auth.signInInteractive(sandbox.info.tenantId, { openBrowser: browserFor(alex) });
  return { auth, store, account };
}

describe('AuthService against the sandbox Entra', () => {
  it('interactive sign-in, then per-resource tokens from memory until dropped or force-refreshed', async () => {
    const { auth, account } = await signedIn();
    expect(account).toMatchObject({ tenantId: sandbox.info.tenantId, username: alex.username });
    expect(auth.keychainStatus()).toBe('available');
    expect(await auth.accounts()).toEqual([account]);

    const vault = await auth.getAccessToken(account.accountId, 'vault');
    expect(decodeJwtPayload(vault.token)).toMatchObject({ aud: 'https://vault.azure.net', oid: alex.oid, tid: sandbox.info.tenantId });
    const graph = await auth.getAccessToken(account.accountId, 'graph');
    expect(decodeJwtPayload<{ aud: string }>(graph.token).aud).not.toBe('https://vault.azure.net');

    expect((await auth.getAccessToken(account.accountId, 'vault')).token).toBe(vault.token);
    const forced = await auth.getAccessToken(account.accountId, 'vault', { forceRefresh: true });
    expect(forced.token).not.toBe(vault.token);
    expect((await auth.getAccessToken(account.accountId, 'vault')).token).toBe(forced.token);

    auth.dropAccessTokens(account.accountId, 'vault');
    const afterDrop = await auth.getAccessToken(account.accountId, 'vault');
    expect(afterDrop.token).not.toBe(forced.token);
    // Only the vault token was dropped.
    expect((await auth.getAccessToken(account.accountId, 'graph')).token).toBe(graph.token);
  });

  it('persists only what silent sign-in needs: no access token in the store; a new instance signs in silently', async () => {
    const { auth, store, account } = await signedIn();
    const tokens = [(await auth.getAccessToken(account.accountId, 'vault')).token, (await auth.getAccessToken(account.accountId, 'graph')).token];
    const keys = store.keys();
    expect(keys).toHaveLength(1);
    const persisted = (await store.get(keys[0]!))!;
    const sections = JSON.parse(persisted) as Record<string, Record<string, unknown>>;
    expect(Object.keys(sections).sort()).toEqual(['Account', 'AppMetadata', 'IdToken', 'RefreshToken']);
    expect(Object.keys(sections.RefreshToken!)).toHaveLength(1);
    for (const token of tokens) expect(persisted.includes(token)).toBe(false);

    const restarted = await AuthService.create({ endpoints: { allowLoopback: true }, tenants, secretStore: store });
    expect(await restarted.accounts()).toEqual([account]);
    const silent = await restarted.getAccessToken(account.accountId, 'vault');
    expect(decodeJwtPayload(silent.token)).toMatchObject({ aud: 'https://vault.azure.net', oid: alex.oid });
  });

  it('sign-out removes the account from the store and memory', async () => {
    const { auth, store, account } = await signedIn();
    await auth.getAccessToken(account.accountId, 'vault');
    await auth.signOut(account.accountId);
    expect(store.keys()).toEqual([]);
    expect(await auth.accounts()).toEqual([]);
    await expect(auth.getAccessToken(account.accountId, 'vault')).rejects.toMatchObject({ code: 'not-signed-in' });
    await auth.signOut(account.accountId); // idempotent
  });

  it('the same person in two tenants (MSP guest) is two accounts with their own tokens; signing out of one keeps the other', async () => {
    const { auth, store, account: home } = await signedIn();
    const guest = await auth.signInInteractive(fabrikamId, { openBrowser: browserFor(alex) });
    expect(guest.tenantId).toBe(fabrikamId);
    expect(guest.accountId).not.toBe(home.accountId);
    expect((await auth.accounts()).map((a) => a.accountId).sort()).toEqual([home.accountId, guest.accountId].sort());
    expect(decodeJwtPayload((await auth.getAccessToken(guest.accountId, 'vault')).token)).toMatchObject({ tid: fabrikamId });
    expect(decodeJwtPayload((await auth.getAccessToken(home.accountId, 'vault')).token)).toMatchObject({ tid: sandbox.info.tenantId });
    expect(store.keys()).toHaveLength(2);

    await auth.signOut(guest.accountId);
    expect((await auth.accounts()).map((a) => a.accountId)).toEqual([home.accountId]);
    expect(store.keys()).toHaveLength(1);
    expect((await auth.getAccessToken(home.accountId, 'vault', { forceRefresh: true })).token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it('revoked sessions: a forced refresh fails with not-signed-in', async () => {
    const { auth, account } = await signedIn();
    const revoked = await sandbox.admin('POST', `/tenants/${sandbox.info.tenantId}/users/${alex.oid}/revoke-sessions`);
    expect(revoked.status).toBe(200);
    const error = await auth.getAccessToken(account.accountId, 'vault', { forceRefresh: true }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'not-signed-in' });
    expect(error).not.toBeInstanceOf(InteractionRequiredError);
  });

  it('a Conditional Access step-up (claims challenge) needs interaction; the interactive retry with those claims satisfies it', async () => {
    const { auth, account } = await signedIn();
    const stepUp = JSON.stringify({ access_token: { acrs: { essential: true, value: 'c1' } } });
    const error = await auth.getAccessToken(account.accountId, 'graph', { claims: stepUp }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InteractionRequiredError);
    const claims = (error as InteractionRequiredError).claims;
    expect(JSON.parse(claims!)).toMatchObject({ access_token: { acrs: { essential: true } } });

    const again = await auth.signInInteractive(sandbox.info.tenantId, { openBrowser: browserFor({ ...alex, mfa: 'approve' }), claims: claims!, loginHint: alex.username });
    expect(again.accountId).toBe(account.accountId);
    const token = await auth.getAccessToken(account.accountId, 'graph', { claims: stepUp });
    expect(decodeJwtPayload<{ acrs?: string[]; amr?: string[] }>(token.token)).toMatchObject({ acrs: expect.arrayContaining(['c1']), amr: expect.arrayContaining(['mfa']) });
  });

  it('parallel refreshes of both resources all succeed (MSAL clears and reloads its cache around each silent call)', async () => {
    const { auth, account } = await signedIn();
    for (let round = 0; round < 3; round++) {
      const tokens = await Promise.all(
        (['vault', 'graph', 'vault', 'graph'] as const).map((resource) => auth.getAccessToken(account.accountId, resource, { forceRefresh: true })),
      );
      // (MSAL itself merges identical concurrent silent requests, so equal pairs are fine.)
      const audiences = tokens.map((t) => decodeJwtPayload<{ aud: string }>(t.token).aud);
      expect(audiences[0]).toBe('https://vault.azure.net');
      expect(audiences[2]).toBe('https://vault.azure.net');
      expect(audiences[1]).not.toBe('https://vault.azure.net');
      expect(audiences[3]).toBe(audiences[1]);
    }
  });

  it('a keychain that fails mid-run: tokens keep working from memory, and the status and an event say so', async () => {
    const { auth, store, account } = await signedIn();
    const events: string[] = [];
    auth.on('keychain-status', (event) => events.push(`status:${event.status}`));
    for (const type of ['signed-in', 'signed-out'] as const) auth.on(type, () => events.push(type));
    store.available = false;
    // A refresh rotates the refresh token, so the cache must be written: that write fails.
    await auth.getAccessToken(account.accountId, 'vault', { forceRefresh: true });
    expect(auth.keychainStatus()).toBe('unavailable-memory-only');
    expect(events).toEqual(['status:unavailable-memory-only']);
    expect((await auth.getAccessToken(account.accountId, 'graph', { forceRefresh: true })).token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it('sign-out with a keychain that fails at that moment says the saved sign-in may remain', async () => {
    const { auth, store, account } = await signedIn();
    store.available = false;
    await expect(auth.signOut(account.accountId)).rejects.toMatchObject({ code: 'keychain-unavailable' });
    expect(await auth.accounts()).toEqual([]);
  });

  it('device code sign-in surfaces the code, completes on the verification page and can be cancelled', async () => {
    const auth = await AuthService.create({ endpoints: { allowLoopback: true }, tenants, secretStore: new MemorySecretStore() });
    const codes: string[] = [];
    const account = await auth.signInWithDeviceCode(sandbox.info.tenantId, (info) => {
      codes.push(info.userCode);
      expect(info.message).toContain(info.userCode);
      expect(info.expiresAt).toBeGreaterThan(Date.now());
      void completeDeviceCode(info.verificationUri, info.userCode, alex);
    });
    expect(codes).toHaveLength(1);
    expect(account.username).toBe(alex.username);

    const abort = new AbortController();
    const pending = auth.signInWithDeviceCode(sandbox.info.tenantId, () => abort.abort(), abort.signal);
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('an interactive sign-in waiting for the browser can be cancelled', async () => {
    const auth = await AuthService.create({ endpoints: { allowLoopback: true }, tenants, secretStore: new MemorySecretStore() });
    const abort = new AbortController();
    // The "browser" opens but the user never finishes: cancel from the app instead.
    const pending = auth.signInInteractive(sandbox.info.tenantId, { openBrowser: async () => void setImmediate(() => abort.abort()), signal: abort.signal });
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
  });
});
