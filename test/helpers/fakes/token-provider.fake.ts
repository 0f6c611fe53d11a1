import type { Clock } from '../../../main/services/ports/clock.js';
import type { AccessToken, TokenProvider, TokenResource } from '../../../main/services/ports/token-provider.js';

/**
 * In-memory TokenProvider with an access-token cache per (account, resource), like AuthService.
 * Tokens are opaque `fake-at-…` strings (never real JWTs). `failNext` makes the next call reject,
 * e.g. with an AppError('interaction-required').
 */
export class FakeTokenProvider implements TokenProvider {
  private cache = new Map<string, AccessToken>();
  private issued = 0;
  private failures: Error[] = [];
  /** Every `getAccessToken` call (no token values). */
  readonly requests: { accountId: string; resource: TokenResource; forceRefresh: boolean; claims?: string }[] = [];
  /** Every `dropAccessTokens` call, in order. */
  readonly drops: { accountId: string; resource: TokenResource }[] = [];

  /** @param options.clock expiry times come from it; @param options.lifetimeMs token lifetime (default 1 h) */
  constructor(private readonly options: { clock?: Clock; lifetimeMs?: number } = {}) {}

  async getAccessToken(accountId: string, resource: TokenResource, options: { forceRefresh?: boolean; claims?: string } = {}): Promise<AccessToken> {
    this.requests.push({ accountId, resource, forceRefresh: options.forceRefresh ?? false, ...(options.claims ? { claims: options.claims } : {}) });
    const failure = this.failures.shift();
    if (failure) throw failure;
    const key = `${accountId}|${resource}`;
    const now = this.options.clock?.now() ?? Date.now();
    const cached = this.cache.get(key);
    if (cached && !options.forceRefresh && !options.claims && cached.expiresOnTimestamp > now) return cached;
    const token: AccessToken = { token: `fake-at-${resource}-${++this.issued}`, expiresOnTimestamp: now + (this.options.lifetimeMs ?? 3_600_000) };
    this.cache.set(key, token);
    return token;
  }

  dropAccessTokens(accountId: string, resource: TokenResource): void {
    this.drops.push({ accountId, resource });
    this.cache.delete(`${accountId}|${resource}`);
  }

  /** Whether an access token is cached for (account, resource). */
  hasCachedToken(accountId: string, resource: TokenResource): boolean {
    return this.cache.has(`${accountId}|${resource}`);
  }

  /** The next `getAccessToken` call rejects with `error` (queue several by calling repeatedly). */
  failNext(error: Error): void {
    this.failures.push(error);
  }
}
