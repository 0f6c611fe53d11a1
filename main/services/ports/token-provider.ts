/** Resources JIT Vault asks tokens for. */
export type TokenResource = 'graph' | 'vault';

/** An access token in memory; never persisted, logged or sent to the renderer. */
export interface AccessToken {
  token: string;
  /** Epoch ms. */
  expiresOnTimestamp: number;
}

/**
 * How services get tokens for a signed-in account (implemented by AuthService over MSAL).
 * `forceRefresh` bypasses the access-token cache: after a PIM activation the new `groups` claim is
 * only in a freshly issued token.
 */
export interface TokenProvider {
  getAccessToken(accountId: string, resource: TokenResource, options?: { forceRefresh?: boolean; claims?: string }): Promise<AccessToken>;
  /** Drops in-memory access tokens for a resource (auto-lock drops vault tokens). */
  dropAccessTokens(accountId: string, resource: TokenResource): void;
}
