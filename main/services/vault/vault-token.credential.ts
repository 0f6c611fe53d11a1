import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import type { TokenProvider } from '../ports/token-provider.js';

/** Options of `VaultTokenCredential`. */
export interface VaultTokenCredentialOptions {
  tokens: Pick<TokenProvider, 'getAccessToken'>;
  /**
   * Picks the account for a Key Vault challenge. The SDK passes the tenant named by the vault's
   * 401 challenge (`authorization="https://login…/{tenantId}"`); undefined if it has none.
   */
  resolveAccount(challengeTenantId: string | undefined): Promise<string>;
  /** Ask for a freshly issued token on every call (PIM readiness: the new groups claim). */
  forceRefresh?: boolean;
}

/**
 * A @azure/core-auth TokenCredential over the app's TokenProvider port, so the Key Vault SDK
 * never sees MSAL. Scopes are not forwarded: the TokenProvider's 'vault' resource is the only
 * audience this credential can obtain, so a challenge naming another resource cannot make it
 * hand out a token for that resource. CAE / step-up `claims` are forwarded.
 */
export class VaultTokenCredential implements TokenCredential {
  constructor(private readonly options: VaultTokenCredentialOptions) {}

  async getToken(_scopes: string | string[], options: GetTokenOptions = {}): Promise<AccessToken> {
    const accountId = await this.options.resolveAccount(options.tenantId);
    const token = await this.options.tokens.getAccessToken(accountId, 'vault', {
      ...(this.options.forceRefresh ? { forceRefresh: true } : {}),
      ...(options.claims ? { claims: options.claims } : {}),
    });
    return { token: token.token, expiresOnTimestamp: token.expiresOnTimestamp, tokenType: 'Bearer' };
  }
}
