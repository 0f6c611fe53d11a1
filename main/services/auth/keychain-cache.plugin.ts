import type { ICachePlugin, TokenCache, TokenCacheContext } from '@azure/msal-node';
import type { Logger } from '../ports/logger.js';
import { SecretStoreUnavailableError, type SecretStore } from '../ports/secret-store.js';

/** The parts of MSAL's JSON cache that are kept: what a silent sign-in after a restart needs. */
const PERSISTED_SECTIONS = ['Account', 'IdToken', 'RefreshToken', 'AppMetadata'] as const;

type SerializedCache = Record<string, Record<string, unknown> | undefined>;

/** Options for KeychainCachePlugin. */
export interface KeychainCachePluginOptions {
  /** The keychain, or null when none is usable (memory-only from the start). */
  store: SecretStore | null;
  /** Keychain key of this application's cache (one per tenant/client pair). */
  key: string;
  logger?: Logger;
  /** Called once if the keychain fails mid-run; the plugin is memory-only from then on. */
  onKeychainLost?: (error: SecretStoreUnavailableError) => void;
}

/**
 * MSAL ICachePlugin that persists the token cache in the OS keychain — and only what silent
 * sign-in needs: Account, RefreshToken, IdToken (account names and tenant profiles come from it)
 * and AppMetadata. AccessToken entries are never written.
 *
 * How msal-node uses a plugin (7.2.3, ClientApplication.acquireTokenSilentAsync): before every
 * silent call it runs TokenCache.overwriteCache(), which CLEARS the in-memory cache, calls
 * beforeCacheAccess and reloads memory from the last string given to `deserialize`. So the
 * plugin's copy is the source of truth and must be handed to `deserialize` on every access. That
 * copy (`state`) is the persisted part only: access tokens never survive into the next MSAL
 * call. AuthService keeps the access tokens it hands out in its own map, so dropping a resource's
 * tokens (auto-lock) is one delete there, and MSAL holds no copy to serve later.
 *
 * The keychain is read once, on the first access (JIT Vault is a single-instance app; this
 * process is the only writer), and written whenever the persisted part changes. When no account
 * remains the keychain item is deleted, not written empty: a sign-out of the last account leaves
 * nothing behind. Without a keychain, `state` lives in memory only: there is never a plaintext
 * fallback.
 */
export class KeychainCachePlugin implements ICachePlugin {
  private store: SecretStore | null;
  private readonly key: string;
  private readonly logger: Logger | undefined;
  private readonly onKeychainLost: ((error: SecretStoreUnavailableError) => void) | undefined;
  private loaded = false;
  /** The persisted sections as JSON (undefined: no account), authoritative for MSAL's cache. */
  private state: string | undefined;
  /** What the keychain holds now (as written or read), to skip writes that change nothing. */
  private persisted: string | undefined;

  constructor(options: KeychainCachePluginOptions) {
    this.store = options.store;
    this.key = options.key;
    this.logger = options.logger;
    this.onKeychainLost = options.onKeychainLost;
  }

  /** Whether this plugin still writes to the keychain. */
  get persistent(): boolean {
    return this.store !== null;
  }

  async beforeCacheAccess(context: TokenCacheContext): Promise<void> {
    if (!this.loaded) {
      this.loaded = true;
      await this.load();
    }
    // Also when empty: overwriteCache() then reloads memory from an empty snapshot, not a stale one.
    context.tokenCache.deserialize(this.state ?? EMPTY_CACHE);
  }

  async afterCacheAccess(context: TokenCacheContext): Promise<void> {
    if (!context.cacheHasChanged) return;
    // Access tokens live in AuthService's map only (see the class comment).
    removeAccessTokensFromMemory(context);
    const kept = keepPersistedSections(JSON.parse(context.tokenCache.serialize()) as SerializedCache);
    const hasAccount = Object.keys(kept.Account ?? {}).length > 0 || Object.keys(kept.RefreshToken ?? {}).length > 0;
    this.state = hasAccount ? JSON.stringify(kept) : undefined;
    if (!this.store || this.state === this.persisted) return;
    try {
      if (this.state === undefined) await this.store.delete(this.key);
      else await this.store.set(this.key, this.state);
      this.persisted = this.state;
    } catch (error) {
      // Never fail the sign-in itself: the tokens stay in memory and the status says so.
      this.loseKeychain(error);
    }
  }

  private async load(): Promise<void> {
    if (!this.store) return;
    let text: string | undefined;
    try {
      text = await this.store.get(this.key);
    } catch (error) {
      this.loseKeychain(error);
      return;
    }
    if (!text) return;
    try {
      this.state = JSON.stringify(keepPersistedSections(JSON.parse(text) as SerializedCache));
      this.persisted = text;
    } catch {
      // A corrupt item: start signed out; the next sign-in overwrites it.
      this.logger?.warn('token cache in the keychain is unreadable; starting signed out', { key: this.key });
    }
  }

  private loseKeychain(error: unknown): void {
    if (!(error instanceof SecretStoreUnavailableError)) throw error;
    this.store = null;
    this.logger?.warn('OS keychain failed; keeping tokens in memory only', { key: this.key, reason: error.name });
    this.onKeychainLost?.(error);
  }
}

const EMPTY_CACHE = JSON.stringify({ Account: {}, IdToken: {}, AccessToken: {}, RefreshToken: {}, AppMetadata: {} });

/**
 * Deletes MSAL's in-memory access-token entries. `deserialize` cannot do it (it merges into the
 * in-memory store, it never removes), so this edits the live key-value store that msal-node's
 * TokenCache.getKVStore() returns — the same object its own removeItem() deletes from (msal-node
 * 7.2.3 NodeStorage). keychain-cache.plugin.test.ts fails if an upgrade changes that.
 */
function removeAccessTokensFromMemory(context: TokenCacheContext): void {
  const cache = context.tokenCache as Partial<Pick<TokenCache, 'getKVStore'>>;
  if (typeof cache.getKVStore !== 'function') return;
  const store = cache.getKVStore() as Record<string, unknown>;
  for (const [key, entity] of Object.entries(store)) {
    const type = entity && typeof entity === 'object' ? (entity as { credentialType?: unknown }).credentialType : undefined;
    // 'AccessToken' and 'AccessToken_With_AuthScheme' (PoP tokens).
    if (typeof type === 'string' && type.startsWith('AccessToken')) delete store[key];
  }
}

/** A copy of `cache` with only the sections that may be persisted (no AccessToken, no unknown roots). */
export function keepPersistedSections(cache: SerializedCache): SerializedCache {
  const kept: SerializedCache = {};
  for (const section of PERSISTED_SECTIONS) kept[section] = { ...(cache[section] ?? {}) };
  return kept;
}
