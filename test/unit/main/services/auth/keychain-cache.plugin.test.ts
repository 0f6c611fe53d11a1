import { PublicClientApplication, TokenCacheContext } from '@azure/msal-node';
import { describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../../../helpers/fakes/secret-store.fake.js';
import { KeychainCachePlugin } from '../../../../../main/services/auth/keychain-cache.plugin.js';

/**
 * The plugin against MSAL's real TokenCache. The cache content is a hand-built MSAL cache
 * (msal-node's JSON schema) with canary token strings, so the test can look for them.
 */
const TENANT = '11111111-1111-1111-1111-111111111111';
const OID = '22222222-2222-2222-2222-222222222222';
const CLIENT = '33333333-3333-3333-3333-333333333333';
const ENV = 'localhost:8443';
const HOME = `${OID}.${TENANT}`;
const AT_CANARY = 'AT-CANARY-7f3e0c1d';
const RT_CANARY = 'RT-CANARY-91ab44e2';
const KEY = 'msal-cache|test';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function fullCache(): string {
  const now = Math.floor(Date.now() / 1000);
  const idToken = `${b64({ alg: 'RS256' })}.${b64({ ver: '2.0', iss: `https://${ENV}/${TENANT}/v2.0`, aud: CLIENT, exp: now + 3600, iat: now, name: 'Ada', preferred_username: 'ada@contoso.test', oid: OID, tid: TENANT })}.sig`;
  return JSON.stringify({
    Account: {
      [`${HOME}-${ENV}-${TENANT}`]: {
        home_account_id: HOME, environment: ENV, realm: TENANT, local_account_id: OID, username: 'ada@contoso.test',
        authority_type: 'MSSTS', name: 'Ada', client_info: b64({ uid: OID, utid: TENANT }), last_modification_time: String(now),
      },
    },
    IdToken: { [`${HOME}-${ENV}-idtoken-${CLIENT}-${TENANT}---`]: { home_account_id: HOME, environment: ENV, credential_type: 'IdToken', client_id: CLIENT, secret: idToken, realm: TENANT } },
    AccessToken: {
      [`${HOME}-${ENV}-accesstoken-${CLIENT}-${TENANT}-https://vault.azure.net/.default--`]: {
        home_account_id: HOME, environment: ENV, credential_type: 'AccessToken', client_id: CLIENT, secret: AT_CANARY, realm: TENANT,
        target: 'https://vault.azure.net/.default', cached_at: String(now), expires_on: String(now + 3600), extended_expires_on: String(now + 3600), token_type: 'Bearer',
      },
    },
    RefreshToken: { [`${HOME}-${ENV}-refreshtoken-${CLIENT}----`]: { home_account_id: HOME, environment: ENV, credential_type: 'RefreshToken', client_id: CLIENT, secret: RT_CANARY } },
    AppMetadata: { [`appmetadata-${ENV}-${CLIENT}`]: { client_id: CLIENT, environment: ENV } },
  });
}

function appWith(plugin: KeychainCachePlugin): PublicClientApplication {
  return new PublicClientApplication({ auth: { clientId: CLIENT, authority: `https://${ENV}/${TENANT}`, knownAuthorities: [ENV] }, cache: { cachePlugin: plugin } });
}

/** What MSAL does when it saves a token response: before access, write the records, after access. */
async function simulateTokenResponse(app: PublicClientApplication, plugin: KeychainCachePlugin): Promise<void> {
  const cache = app.getTokenCache() as unknown as ConstructorParameters<typeof TokenCacheContext>[0];
  await plugin.beforeCacheAccess(new TokenCacheContext(cache, true));
  cache.deserialize(fullCache());
  await plugin.afterCacheAccess(new TokenCacheContext(cache, true));
}

describe('KeychainCachePlugin', () => {
  it('persists account, refresh token, id token and app metadata — never access tokens, in the keychain or in MSAL memory', async () => {
    const store = new MemorySecretStore();
    const plugin = new KeychainCachePlugin({ store, key: KEY });
    const app = appWith(plugin);
    await simulateTokenResponse(app, plugin);

    const stored = (await store.get(KEY))!;
    expect(stored).toContain(RT_CANARY);
    expect(stored).not.toContain(AT_CANARY);
    const sections = JSON.parse(stored) as Record<string, Record<string, unknown>>;
    expect(Object.keys(sections).sort()).toEqual(['Account', 'AppMetadata', 'IdToken', 'RefreshToken']);
    expect(Object.keys(sections.IdToken!)).toHaveLength(1);
    expect(app.getTokenCache().serialize()).not.toContain(AT_CANARY);
  });

  it('a new process (new app, same keychain) finds the account', async () => {
    const store = new MemorySecretStore();
    const first = new KeychainCachePlugin({ store, key: KEY });
    await simulateTokenResponse(appWith(first), first);

    const second = appWith(new KeychainCachePlugin({ store, key: KEY }));
    const accounts = await second.getAllAccounts();
    expect(accounts.map((a) => [a.homeAccountId, a.username, a.name])).toEqual([[HOME, 'ada@contoso.test', 'Ada']]);
  });

  it('removing the last account deletes the keychain item', async () => {
    const store = new MemorySecretStore();
    const plugin = new KeychainCachePlugin({ store, key: KEY });
    const app = appWith(plugin);
    await simulateTokenResponse(app, plugin);
    const [account] = await app.getAllAccounts();
    await app.getTokenCache().removeAccount(account!);
    expect(store.keys()).toEqual([]);
    expect(await app.getAllAccounts()).toEqual([]);
  });

  it('without a keychain it persists nothing and keeps working in memory', async () => {
    const plugin = new KeychainCachePlugin({ store: null, key: KEY });
    const app = appWith(plugin);
    await simulateTokenResponse(app, plugin);
    expect(plugin.persistent).toBe(false);
    expect((await app.getAllAccounts()).map((a) => a.username)).toEqual(['ada@contoso.test']);
  });

  it('a keychain that fails mid-run switches to memory-only and reports it, without failing the sign-in', async () => {
    const store = new MemorySecretStore();
    const lost: string[] = [];
    const plugin = new KeychainCachePlugin({ store, key: KEY, onKeychainLost: (error) => lost.push(error.name) });
    const app = appWith(plugin);
    store.available = false;
    await simulateTokenResponse(app, plugin);
    expect(lost).toEqual(['SecretStoreUnavailableError']);
    expect(plugin.persistent).toBe(false);
    store.available = true;
    expect(store.keys()).toEqual([]);
    expect((await app.getAllAccounts()).map((a) => a.username)).toEqual(['ada@contoso.test']);
  });

  it('an unreadable keychain item starts signed out', async () => {
    const store = new MemorySecretStore();
    await store.set(KEY, '{not json');
    const app = appWith(new KeychainCachePlugin({ store, key: KEY }));
    expect(await app.getAllAccounts()).toEqual([]);
  });
});
