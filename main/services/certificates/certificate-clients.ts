import type { CertificateClient } from '@azure/keyvault-certificates';
import type { EndpointPolicy } from '../../security/trusted-endpoints.js';
import type { TokenProvider } from '../ports/token-provider.js';
import type { VaultSettings } from '../settings/settings.schema.js';
import type { SecretClient } from '@azure/keyvault-secrets';
import { createSecretClient } from '../vault/secret-client.factory.js';
import { VaultClients } from '../vault/vault-clients.js';
import { VaultTokenCredential } from '../vault/vault-token.credential.js';
import type { VaultAccessGate, VaultAccount, VaultAccountDirectory } from '../vault/vault.types.js';
import { createCertificateClient, type CertificateClientTuning } from './certificate-client.factory.js';

/**
 * One CertificateClient per vault. The account a vault's requests use is chosen exactly as for its
 * secrets (the vault catalog's VaultClients: the account whose PIM grant unlocked it, else the signed-in
 * account of the vault's tenant). The SDK caches its token inside the client, so dropping a client on
 * lock/unlock is how that token is purged or refreshed.
 */
export class CertificateClients {
  private readonly clients = new Map<string, CertificateClient>();
  /** Used only for its account resolution (it creates no SecretClient unless asked). */
  private readonly accountsOf: VaultClients;

  constructor(
    private readonly deps: {
      tokens: Pick<TokenProvider, 'getAccessToken'>;
      accounts: VaultAccountDirectory;
      session: Pick<VaultAccessGate, 'grants'>;
      endpoints: EndpointPolicy;
      tuning?: CertificateClientTuning;
    },
  ) {
    this.accountsOf = new VaultClients({ tokens: deps.tokens, accounts: deps.accounts, session: deps.session, endpoints: deps.endpoints });
  }

  /** The cached client of `vault` (created on first use). */
  clientFor(vault: VaultSettings): CertificateClient {
    let client = this.clients.get(vault.name);
    if (!client) {
      const credential = new VaultTokenCredential({ tokens: this.deps.tokens, resolveAccount: async (tenantId) => (await this.resolveAccount(vault, tenantId)).accountId });
      client = createCertificateClient(vault.url, credential, this.deps.endpoints, this.deps.tuning);
      this.clients.set(vault.name, client);
    }
    return client;
  }

  /**
   * A SecretClient for the certificate's addressable secret (`/secrets/{name}`: the PFX or PEM with
   * the private key). Not cached: it serves one export and its token goes with it.
   */
  secretClientFor(vault: VaultSettings): SecretClient {
    const credential = new VaultTokenCredential({ tokens: this.deps.tokens, resolveAccount: async (tenantId) => (await this.resolveAccount(vault, tenantId)).accountId });
    return createSecretClient(vault.url, credential, this.deps.endpoints, this.deps.tuning);
  }

  /** The signed-in account `vault`'s requests use (for the journal too). */
  resolveAccount(vault: VaultSettings, challengeTenantId?: string): Promise<VaultAccount> {
    return this.accountsOf.resolveAccount(vault, challengeTenantId);
  }

  /** Forgets a vault's client (and the token cached in it). */
  drop(name: string): void {
    this.clients.delete(name);
  }

  /** Forgets the clients of vaults not in `keep`. */
  retain(keep: ReadonlySet<string>): void {
    for (const name of [...this.clients.keys()]) if (!keep.has(name)) this.clients.delete(name);
  }
}
