import type { SecretClient } from '@azure/keyvault-secrets';
import type { EndpointPolicy } from '../../security/trusted-endpoints.js';
import { AppError } from '../errors.js';
import type { TokenProvider } from '../ports/token-provider.js';
import type { VaultSettings } from '../settings/settings.schema.js';
import { createSecretClient, type SecretClientTuning } from './secret-client.factory.js';
import { VaultTokenCredential } from './vault-token.credential.js';
import type { VaultAccessGate, VaultAccount, VaultAccountDirectory } from './vault.types.js';

/**
 * The secret the readiness probe asks for. Its existence does not matter: Key Vault authorises a
 * GET before it looks the name up, so 404 proves the caller may read values and 403 that it may
 * not yet. (Listing cannot tell: a standing Key Vault Reader lists without any value right.)
 * Should an administrator create a secret of this name, its value is fetched and dropped unseen.
 */
export const READINESS_PROBE_SECRET = 'jit-vault-readiness-probe';

/**
 * One SecretClient per vault, and which signed-in account each vault's requests use. The SDK
 * caches its access token inside the client, so dropping a client (on lock, on unlock, after a
 * readiness probe) is how that token is purged or refreshed.
 */
export class VaultClients {
  private readonly clients = new Map<string, SecretClient>();

  constructor(
    private readonly deps: {
      tokens: Pick<TokenProvider, 'getAccessToken'>;
      accounts: VaultAccountDirectory;
      session: Pick<VaultAccessGate, 'grants'>;
      tuning?: SecretClientTuning;
      /** Which vault hosts may receive a token (see main/security/trusted-endpoints.ts). */
      endpoints: EndpointPolicy;
    },
  ) {}

  /** The cached client of `vault` (created on first use). */
  clientFor(vault: VaultSettings): SecretClient {
    let client = this.clients.get(vault.name);
    if (!client) {
      const credential = new VaultTokenCredential({
        tokens: this.deps.tokens,
        resolveAccount: async (tenantId) => (await this.resolveAccount(vault, tenantId)).accountId,
      });
      client = createSecretClient(vault.url, credential, this.deps.endpoints, this.deps.tuning);
      this.clients.set(vault.name, client);
    }
    return client;
  }

  /** A one-off client pinned to `accountId` that asks for a freshly issued token (PIM readiness). */
  probeClient(vault: VaultSettings, accountId: string): SecretClient {
    const credential = new VaultTokenCredential({ tokens: this.deps.tokens, resolveAccount: async () => accountId, forceRefresh: true });
    return createSecretClient(vault.url, credential, this.deps.endpoints, this.deps.tuning);
  }

  /** Forgets a vault's client (and the token cached in it). */
  drop(name: string): void {
    this.clients.delete(name);
  }

  /**
   * The account for `vault`: the one whose grant unlocked it, else the signed-in account of the
   * challenge's tenant (the vault's configured tenant if the challenge named none) — for an MSP
   * engineer that is the guest account in the customer's tenant.
   */
  async resolveAccount(vault: VaultSettings, challengeTenantId?: string): Promise<VaultAccount> {
    const accounts = await this.deps.accounts.accounts();
    const grant = this.deps.session.grants().find((g) => g.vault === vault.name);
    const granted = grant && accounts.find((a) => a.accountId === grant.accountId);
    if (granted) return granted;
    const tenant = (challengeTenantId || vault.tenantId).toLowerCase();
    const match = accounts.find((a) => a.tenantId.toLowerCase() === tenant);
    if (match) return match;
    throw new AppError('not-signed-in', `No account is signed in to the tenant of vault "${vault.name}" (${tenant}). Sign in to that tenant, then try again.`);
  }
}
