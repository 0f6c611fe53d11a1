import type { EndpointPolicy } from '../../security/trusted-endpoints.js';
import { AppError } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { TokenProvider } from '../ports/token-provider.js';
import type { LockReason } from '../session/session.types.js';
import { TypedEmitter } from '../events/typed-emitter.js';
import type { VaultSettings } from '../settings/settings.schema.js';
import { classifyVaultError, type VaultErrorContext } from '../vault/vault-error.classifier.js';
import type { VaultAccessGate, VaultAccountDirectory } from '../vault/vault.types.js';
import type { CertificateClientTuning } from './certificate-client.factory.js';
import { CertificateClients } from './certificate-clients.js';
import { listVaultCertificates } from './certificate-listing.js';
import { ListingRetries } from './certificate-listing-retry.js';
import { itemFromProperties, versionFromProperties, withDetails } from './certificate-mapper.js';
import { OperationWatch, operationStatus } from './certificate-operation-watch.js';
import type { CertificateCatalog, CertificateEvents, CertificateItem, CertificateRef, CertificateVaultListing, CertificateVersion } from './certificate.types.js';

/** Dependencies of CertificateService (the same ports the vault catalog uses). */
export interface CertificateServiceDeps {
  vaults: readonly VaultSettings[];
  tokens: Pick<TokenProvider, 'getAccessToken'>;
  accounts: VaultAccountDirectory;
  session: Pick<VaultAccessGate, 'grants' | 'on'>;
  clock: Clock;
  /** Which vault hosts may receive a token; default: Microsoft's clouds only. */
  endpoints?: EndpointPolicy;
  client?: CertificateClientTuning;
  logger?: Logger;
  /** Listing page size; Key Vault allows 1–25 (default 25). */
  pageSize?: number;
}

interface VaultState {
  listing: CertificateVaultListing['listing'];
  items: CertificateItem[];
  listedAt?: number;
  error?: { code: AppError['code']; message: string };
  /** A failed listing is tried again at this time (a passing failure: network, throttling). */
  retryAt?: number;
  run?: { controller: AbortController; done: Promise<void> };
}

/**
 * The certificates of every configured vault (issue 14), through the official
 * @azure/keyvault-certificates SDK. Listing is metadata — Key Vault Reader or Certificate User
 * suffices — so every vault is listed whatever its PIM lock state; a vault without certificates (or
 * without the right to list them) simply shows none, with the reason. Versions load when asked.
 * Holds no private key, ever: exports go through CertificateExport, one at a time.
 */
export class CertificateService {
  private vaults = new Map<string, VaultSettings>();
  private readonly state = new Map<string, VaultState>();
  private readonly events: TypedEmitter<CertificateEvents>;
  readonly clients: CertificateClients;
  private readonly unsubscribe: (() => void)[];
  private readonly retries: ListingRetries;
  private readonly watch: OperationWatch;

  constructor(private readonly deps: CertificateServiceDeps) {
    this.events = new TypedEmitter<CertificateEvents>(deps.logger);
    this.clients = new CertificateClients({ tokens: deps.tokens, accounts: deps.accounts, session: deps.session, endpoints: deps.endpoints ?? { allowLoopback: false }, ...(deps.client ? { tuning: deps.client } : {}) });
    this.retries = new ListingRetries(deps.clock, (name) => {
      const vault = this.vaults.get(name);
      if (vault) void this.listVault(vault);
    });
    this.watch = new OperationWatch({ clock: deps.clock, status: (ref) => this.operationStatus(ref), ended: (ref) => this.refreshItem(ref.vault, ref.name), ...(deps.logger ? { logger: deps.logger } : {}) });
    this.setVaults(deps.vaults);
    this.unsubscribe = [deps.session.on('locked', (e) => this.onLocked(e.vaults, e.reason)), deps.session.on('unlocked', (e) => this.clients.drop(e.grant.vault))];
  }

  /** Replaces the configured vaults (settings changed); listings of removed vaults stop. */
  setVaults(vaults: readonly VaultSettings[]): void {
    this.vaults = new Map(vaults.map((v) => [v.name, v]));
    for (const name of [...this.state.keys()]) {
      if (this.vaults.has(name)) continue;
      this.state.get(name)?.run?.controller.abort();
      this.state.delete(name);
      this.retries.forget(name);
      this.watch.stop([name]);
    }
    for (const name of this.vaults.keys()) if (!this.state.has(name)) this.state.set(name, { listing: 'idle', items: [] });
    this.clients.retain(new Set(this.vaults.keys()));
  }

  /** Every listed certificate (vault order, then by name) and each vault's listing state. */
  catalog(): CertificateCatalog {
    const items: CertificateItem[] = [];
    const vaults: CertificateVaultListing[] = [];
    for (const [vault, s] of this.state) {
      items.push(...s.items);
      vaults.push({ vault, listing: s.listing, count: s.items.length, ...(s.listedAt !== undefined ? { listedAt: s.listedAt } : {}), ...(s.error ? { error: s.error } : {}), ...(s.retryAt !== undefined ? { retryAt: s.retryAt } : {}) });
    }
    return { items, vaults };
  }

  /** One certificate as last listed, or undefined. */
  item(vault: string, name: string): CertificateItem | undefined {
    return this.state.get(vault)?.items.find((i) => i.name.toLowerCase() === name.toLowerCase());
  }

  /** Subscribes to `changed` (a vault's certificates were listed, failed, or changed); returns the unsubscribe. */
  on<K extends keyof CertificateEvents>(event: K, listener: (payload: CertificateEvents[K]) => void): () => void {
    return this.events.on(event, listener);
  }

  /**
   * Lists the certificates of every configured vault (or the named ones) in parallel. A vault
   * already being listed is joined. Never rejects: a failure is kept on the vault (`catalog().vaults`).
   */
  async refresh(vaultNames?: readonly string[]): Promise<void> {
    const targets = [...this.vaults.values()].filter((v) => !vaultNames || vaultNames.includes(v.name));
    await Promise.all(targets.map((v) => this.listVault(v)));
  }

  /** A certificate's versions, newest first (metadata only), read when the user opens it. */
  async versions(vaultName: string, name: string): Promise<CertificateVersion[]> {
    const vault = this.vault(vaultName);
    const versions: CertificateVersion[] = [];
    try {
      for await (const page of this.clients.clientFor(vault).listPropertiesOfCertificateVersions(name).byPage({ maxPageSize: this.pageSize })) {
        versions.push(...page.map(versionFromProperties));
      }
    } catch (error) {
      throw this.classify(error, vault, 'versions', name);
    }
    return versions.sort((a, b) => (b.createdOn ?? 0) - (a.createdOn ?? 0));
  }

  /** Resolves when no listing runs (tests and shutdown). */
  async settled(): Promise<void> {
    await Promise.all([...this.state.values()].map((s) => s.run?.done));
  }

  /** Stops listings and listeners. */
  dispose(): void {
    for (const off of this.unsubscribe.splice(0)) off();
    for (const s of this.state.values()) s.run?.controller.abort();
    this.retries.dispose();
    this.watch.stop();
    this.events.clear();
  }

  /** The configured vault of that name, or a clear error. */
  vault(name: string): VaultSettings {
    const vault = this.vaults.get(name);
    if (!vault) throw new AppError('vault-not-found', `Vault "${name}" is not configured in JIT Vault. Check the settings.`);
    return vault;
  }

  /** Classifies an SDK failure on a certificate the way the vault catalog does (names and codes only). */
  classify(error: unknown, vault: VaultSettings, operation: VaultErrorContext['operation'], name?: string): AppError {
    const status = (error as { statusCode?: number } | null)?.statusCode;
    if ((status === 400 || status === 409) && error instanceof Error) {
      // Key Vault's own words for bad input (wrong key on merge, a conflicting operation, a bad policy): names no secret.
      const said = error.message.length > 300 ? `${error.message.slice(0, 299)}…` : error.message;
      return new AppError('item-unsupported', `Key Vault refused this${name ? ` for certificate "${name}"` : ''} in vault "${vault.name}": ${said}`, { cause: error });
    }
    const appError = classifyVaultError(error, { vault: vault.name, operation, permissionModel: vault.permissionModel });
    if (appError.code === 'vault-forbidden-rbac') {
      return new AppError(
        'vault-forbidden-rbac',
        `Access to ${name ? `the certificate "${name}" in ` : 'the certificates of '}vault "${vault.name}" was refused: your account has no Key Vault role that allows this (Azure RBAC). ` +
          'Reading certificates needs Key Vault Reader or Certificate User; renewing, merging and deleting need Key Vault Certificates Officer; ' +
          'a PFX needs Certificate User — activate the PIM group that grants it, or ask an administrator.',
        { cause: error },
      );
    }
    if (name && appError.code === 'vault-not-found') {
      return new AppError('vault-not-found', `The certificate "${name}" no longer exists in vault "${vault.name}" (it may have been deleted). Refresh the list.`, { cause: error });
    }
    return appError;
  }

  /** Lists again after a change made through the app (renew, merge, delete…), so the catalog shows it. */
  relist(vaultName: string): Promise<void> {
    return this.listVault(this.vault(vaultName));
  }

  /**
   * Reads one certificate again and replaces its summary (version, thumbprint, expiry, policy) at
   * once — after an operation on it ended — without relisting the vault. A certificate Key Vault no
   * longer returns (deleted, or a first version still pending) is settled by a relisting instead.
   */
  async refreshItem(vaultName: string, name: string): Promise<void> {
    const vault = this.vault(vaultName);
    const s = this.state.get(vault.name)!;
    let item: CertificateItem;
    try {
      const certificate = await this.clients.clientFor(vault).getCertificate(name);
      item = withDetails(itemFromProperties(vault, certificate.properties), certificate);
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return this.relist(vault.name);
      throw this.classify(error, vault, 'get', name);
    }
    if (this.state.get(vault.name) !== s) return; // forgotten meanwhile (sign-out, settings)
    const others = s.items.filter((i) => i.name.toLowerCase() !== name.toLowerCase());
    s.items = [...others, item].sort((a, b) => a.name.localeCompare(b.name));
    this.events.emit('changed', { vault: vault.name, listing: s.listing });
  }

  /**
   * Follows a create/renew operation started through the app until it ends, then refreshes the
   * certificate's summary (see OperationWatch). Resolves when it ended or was given up.
   */
  followOperation(ref: CertificateRef): Promise<void> {
    return this.watch.follow(ref);
  }

  /** Key Vault's status of a certificate's pending operation (`none` when there is none). */
  private async operationStatus(ref: CertificateRef): Promise<ReturnType<typeof operationStatus>> {
    const vault = this.vault(ref.vault);
    try {
      const poller = await this.clients.clientFor(vault).getCertificateOperation(ref.name);
      return operationStatus(poller.getOperationState().certificateOperation);
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return 'none';
      throw this.classify(error, vault, 'get', ref.name);
    }
  }

  private get pageSize(): number {
    return Math.min(25, Math.max(1, this.deps.pageSize ?? 25));
  }

  private listVault(vault: VaultSettings): Promise<void> {
    const s = this.state.get(vault.name)!;
    if (s.run) return s.run.done;
    const controller = new AbortController();
    s.listing = 'listing';
    this.retries.cancel(vault.name);
    const done = (async () => {
      await Promise.resolve(); // `s.run` is set before anything below can finish, even a synchronous throw
      try {
        const items = await listVaultCertificates(this.clients.clientFor(vault), vault, {
          signal: controller.signal,
          pageSize: this.pageSize,
          detailsErrorOf: (error, name) => {
            const e = this.classify(error, vault, 'get', name);
            return { code: e.code, message: e.message };
          },
        });
        if (controller.signal.aborted || this.state.get(vault.name) !== s) return;
        Object.assign(s, { listing: 'listed', items, listedAt: this.deps.clock.now() });
        delete s.error;
        delete s.retryAt;
        this.retries.succeeded(vault.name);
        this.events.emit('changed', { vault: vault.name, listing: 'listed' });
      } catch (error) {
        if (controller.signal.aborted || this.state.get(vault.name) !== s) return;
        const e = this.classify(error, vault, 'list');
        s.listing = 'failed';
        s.error = { code: e.code, message: e.message };
        // A network failure or throttling passes by itself: try again with backoff, not only on the next sign-in or refresh.
        const retryAt = this.retries.failed(vault.name, e.code);
        if (retryAt === undefined) delete s.retryAt;
        else s.retryAt = retryAt;
        this.deps.logger?.warn('certificate listing failed', { vault: vault.name, code: e.code, ...(retryAt !== undefined ? { retryInMs: retryAt - this.deps.clock.now() } : {}) });
        this.events.emit('changed', { vault: vault.name, listing: 'failed', error: s.error });
      } finally {
        if (s.run?.controller === controller) delete s.run;
        if (s.listing === 'listing') s.listing = s.listedAt !== undefined ? 'listed' : 'idle';
      }
    })();
    s.run = { controller, done };
    return done;
  }

  /**
   * The catalog as the renderer asks for it: the first ask (nothing listed yet) starts the listing of
   * every vault in the background, so certificates cost nothing until someone looks at them.
   */
  catalogListingOnce(): CertificateCatalog {
    const idle = [...this.state.entries()].filter(([, s]) => s.listing === 'idle' && s.listedAt === undefined && !s.run).map(([name]) => name);
    if (idle.length > 0) void this.refresh(idle);
    return this.catalog();
  }

  /** Forgets the certificates of some vaults (all: none given) — signing out of their tenant. */
  forget(vaultNames?: readonly string[]): void {
    for (const name of vaultNames ?? [...this.state.keys()]) {
      this.clients.drop(name);
      this.retries.forget(name);
      this.watch.stop([name]);
      const s = this.state.get(name);
      if (!s) continue;
      s.run?.controller.abort();
      Object.assign(s, { listing: 'idle', items: [] });
      delete s.listedAt;
      delete s.error;
      delete s.retryAt;
      this.events.emit('changed', { vault: name, listing: 'idle' });
    }
  }

  /** A lock purges the vault's client (its cached token); signing out or quitting forgets the certificates too. */
  private onLocked(vaults: readonly string[], reason: LockReason): void {
    if (reason === 'signed-out' || reason === 'quit') return this.forget(vaults);
    for (const name of vaults) this.clients.drop(name);
  }
}
