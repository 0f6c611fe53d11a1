import type { AccessToken, TokenResource } from '../ports/token-provider.js';

/**
 * The only place JIT Vault keeps access tokens: process memory, keyed by account and resource.
 * MSAL's own cache holds none (KeychainCachePlugin strips them), so `drop` really drops.
 *
 * Each key has a generation. A token request records the generation when it starts; if the key
 * was dropped meanwhile (a vault locked while the refresh was in flight), the late token is
 * returned to its caller but not remembered — the next request goes to the network again.
 */
export class AccessTokenMemory {
  private readonly tokens = new Map<string, AccessToken>();
  private readonly generations = new Map<string, number>();
  private readonly inflight = new Map<string, { generation: number; promise: Promise<AccessToken> }>();

  /** A remembered token still valid for more than `marginMs` at `now`. */
  get(accountId: string, resource: TokenResource, now: number, marginMs: number): AccessToken | undefined {
    const token = this.tokens.get(keyOf(accountId, resource));
    return token && token.expiresOnTimestamp - now > marginMs ? { ...token } : undefined;
  }

  /**
   * Runs `fetch` for the key unless an equivalent fetch of the current generation is running
   * (`join`), and remembers its token if the key was not dropped meanwhile.
   */
  fetch(accountId: string, resource: TokenResource, join: boolean, fetch: () => Promise<AccessToken>): Promise<AccessToken> {
    const key = keyOf(accountId, resource);
    const generation = this.generations.get(key) ?? 0;
    const running = this.inflight.get(key);
    if (join && running && running.generation === generation) return running.promise;
    const promise = fetch().then((token) => {
      if ((this.generations.get(key) ?? 0) === generation) this.tokens.set(key, { ...token });
      return token;
    });
    const entry = { generation, promise };
    this.inflight.set(key, entry);
    const cleanup = () => {
      if (this.inflight.get(key) === entry) this.inflight.delete(key);
    };
    promise.then(cleanup, cleanup);
    return promise;
  }

  /** Remembers a token obtained elsewhere (the sign-in itself). */
  remember(accountId: string, resource: TokenResource, token: AccessToken): void {
    this.tokens.set(keyOf(accountId, resource), { ...token });
  }

  /** Forgets the account's tokens for `resource` (or all its resources). */
  drop(accountId: string, resource?: TokenResource): void {
    const resources: TokenResource[] = resource ? [resource] : ['graph', 'vault'];
    for (const r of resources) {
      const key = keyOf(accountId, r);
      this.tokens.delete(key);
      this.inflight.delete(key);
      this.generations.set(key, (this.generations.get(key) ?? 0) + 1);
    }
  }

  /** How many tokens are remembered (tests and diagnostics; never the tokens themselves). */
  get size(): number {
    return this.tokens.size;
  }
}

function keyOf(accountId: string, resource: TokenResource): string {
  return `${resource} ${accountId}`;
}
