import { ManagedIdentityCredential } from '@azure/identity';
import type { SecretClient } from '@azure/keyvault-secrets';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { cliKeychain } from './cli-keychain.js';
import { AuditJournal } from '../main/services/journal/audit-journal.js';
import { FileLogger } from '../main/adapters/file-logger.js';
import { scopedLogger } from '../main/services/logging/scoped-logger.js';
import { cliAllowsLoopback, cliPaths } from './cli-build.js';
import { SystemClock } from '../main/adapters/system-clock.js';
import { SettingsService } from '../main/services/settings/settings.service.js';
import { createSecretClient } from '../main/services/vault/secret-client.factory.js';
import { classifyVaultError } from '../main/services/vault/vault-error.classifier.js';
import { CliError, UsageError } from './cli-error.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import type { KvRef } from './kv-ref.js';

/** Options of `--identity`. */
export interface IdentityOptions {
  /** A user-assigned identity's client id; omitted: the system-assigned one. */
  clientId?: string;
  /** `--settings FILE`: vault URLs come from it; without it a vault is https://{name}.vault.azure.net. */
  settings?: string;
}

/**
 * Reads secrets as the machine's managed identity (`--identity`): @azure/identity's
 * ManagedIdentityCredential finds IMDS (Azure VMs; AZURE_POD_IDENTITY_AUTHORITY_HOST overrides its
 * host) or the App Service / Functions / Arc endpoints from their environment variables. No PIM, no
 * keychain, no user: the identity's own Key Vault role decides. Every value read is journalled
 * (names only) like the app's copies, with `source: cli`.
 */
export class IdentitySecretReader {
  private readonly credential: ManagedIdentityCredential;
  private readonly clients = new Map<string, SecretClient>();
  private readonly clock = new SystemClock();
  private readonly paths = cliPaths();
  private readonly journal: AuditJournal;
  private vaultUrls: Map<string, string> | undefined;

  constructor(private readonly options: IdentityOptions) {
    this.credential = new ManagedIdentityCredential(options.clientId ? { clientId: options.clientId } : {});
    const logger = new FileLogger({ dir: this.paths.logDir, clock: this.clock });
    this.journal = new AuditJournal({ dir: this.paths.journalDir, clock: this.clock, logger: scopedLogger(logger, 'journal'), keychain: cliKeychain(scopedLogger(logger, 'keychain')) });
  }

  /** Who reads, as the journal records it. */
  get account(): string {
    return this.options.clientId ? `managed identity ${this.options.clientId}` : 'managed identity (system-assigned)';
  }

  /** Reads one value (journalled, never logged). */
  async read(ref: KvRef): Promise<string> {
    const client = await this.client(ref.vault);
    try {
      const secret = await client.getSecret(ref.name, ref.version ? { version: ref.version } : {});
      if (secret.value === undefined) throw new CliError(`Key Vault returned no value for "${ref.name}" in vault "${ref.vault}".`, EXIT.failure);
      await this.journal.append({ action: 'reveal', outcome: 'ok', account: this.account, vault: ref.vault, secretName: ref.name, source: 'cli', ...(ref.version ? { detail: `version ${ref.version}` } : {}) });
      return secret.value;
    } catch (error) {
      const failure = this.classify(error, ref.vault, ref.name);
      await this.journal.append({ action: 'reveal', outcome: failure.exitCode === EXIT.denied ? 'denied' : 'failed', account: this.account, vault: ref.vault, secretName: ref.name, source: 'cli', detail: `exit ${failure.exitCode}` }).catch(() => undefined);
      throw failure;
    }
  }

  /** Names and metadata of a vault's secrets (Key Vault Reader or Secrets User on the identity). */
  async list(vault: string): Promise<{ name: string; enabled?: boolean; updatedOn?: number; contentType?: string; tags?: Record<string, string> }[]> {
    const client = await this.client(vault);
    const items = [];
    try {
      for await (const p of client.listPropertiesOfSecrets()) {
        items.push({ name: p.name, ...(p.enabled !== undefined ? { enabled: p.enabled } : {}), ...(p.updatedOn ? { updatedOn: p.updatedOn.getTime() } : {}), ...(p.contentType ? { contentType: p.contentType } : {}), ...(p.tags ? { tags: p.tags } : {}) });
      }
    } catch (error) {
      throw this.classify(error, vault);
    }
    return items;
  }

  private async client(vault: string): Promise<SecretClient> {
    const key = vault.toLowerCase();
    let client = this.clients.get(key);
    if (!client) {
      client = createSecretClient(await this.vaultUrl(vault), this.credential, { allowLoopback: cliAllowsLoopback() });
      this.clients.set(key, client);
    }
    return client;
  }

  private async vaultUrl(vault: string): Promise<string> {
    if (!this.options.settings) return `https://${vault.toLowerCase()}.vault.azure.net`;
    if (!this.vaultUrls) {
      const file = resolve(this.options.settings);
      if (!existsSync(file)) throw new UsageError(`The settings file ${file} does not exist.`);
      const loaded = await new SettingsService({ settingsFile: file, policyFile: this.paths.policyFile }).load();
      this.vaultUrls = new Map(loaded.mode === 'configured' ? loaded.effective.settings.vaults.map((v) => [v.name.toLowerCase(), v.url]) : []);
    }
    const url = this.vaultUrls.get(vault.toLowerCase());
    if (!url) throw new CliError(`Vault "${vault}" is not configured in ${this.options.settings} (configured: ${[...this.vaultUrls.keys()].join(', ') || 'none'}).`, EXIT.notFound);
    return url;
  }

  /** Managed identity failures are "no identity here" (exit 3); Key Vault's are classified as the app does. */
  private classify(error: unknown, vault: string, secretName?: string): CliError {
    if (error instanceof CliError) return error;
    const name = (error as { name?: string })?.name ?? '';
    if (name === 'CredentialUnavailableError' || name === 'AuthenticationRequiredError' || name === 'AuthenticationError') {
      const detail = (error as Error).message.replace(/\s+/g, ' ').slice(0, 300);
      return new CliError(`No managed identity answered on this machine${this.options.clientId ? ` for client id ${this.options.clientId}` : ''}: ${detail}`, EXIT.notSignedIn);
    }
    const appError = classifyVaultError(error, { vault, operation: secretName ? 'get' : 'list', ...(secretName ? { secretName } : {}), permissionModel: 'rbac' });
    return new CliError(appError.message, exitCodeFor(appError.code));
  }
}
