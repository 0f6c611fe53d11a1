import { AppError, VaultLockedError } from '../errors.js';
import type { AuditEntry, AuditLog } from '../ports/audit-log.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { TokenProvider } from '../ports/token-provider.js';
import type { LockReason } from '../session/session.types.js';
import type { VaultSettings } from '../settings/settings.schema.js';
import { AsyncEventQueue } from './async-event-queue.js';
import { Favourites } from './favourites.js';
import type { SecretClientTuning } from './secret-client.factory.js';
import { SecretCatalog } from './secret-catalog.js';
import { toStoredSecret, toVersionInfo } from './secret-properties.mapper.js';
import { nameMatchRanges, type SearchIndexOptions } from './secret-search.index.js';
import type { StalenessPolicy } from './secret-staleness.js';
import { classifyVaultError, type VaultErrorContext } from './vault-error.classifier.js';
import { ValueAudit } from './value-audit.js';
import { VaultClients } from './vault-clients.js';
import type {
  CatalogEvent,
  CatalogItem,
  CopyResult,
  FavouritesStore,
  RevealResult,
  SecretClipboard,
  SearchHit,
  SecretRef,
  SecretVersionInfo,
  VaultAccessGate,
  VaultAccountDirectory,
  VaultStatus,
} from './vault.types.js';

/** Dependencies of VaultService (ports and other services, by the narrow interfaces it uses). */
export interface VaultServiceDeps {
  vaults: readonly VaultSettings[];
  tokens: Pick<TokenProvider, 'getAccessToken'>;
  accounts: VaultAccountDirectory;
  session: VaultAccessGate;
  clipboard: SecretClipboard;
  journal: AuditLog;
  favourites: FavouritesStore;
  clock: Clock;
  /** Current reveal time (settings may change at runtime). */
  revealSeconds: () => number;
  logger?: Logger;
  staleness?: StalenessPolicy;
  search?: SearchIndexOptions;
  /** SDK transport / retry tuning (tests: short retry delays). */
  client?: SecretClientTuning;
  /** Listing page size; Key Vault allows 1–25 (default 25). */
  pageSize?: number;
  /** How long after an unlock an RBAC 403 reads "granted but not yet effective" (default 10 min). */
  propagationGraceMs?: number;
}

/** Who did it, as the audit journal records it. */
type JournalAccount = Pick<AuditEntry, 'account' | 'tenantId'>;

/** Outcome of `refresh`. */
export interface RefreshSummary {
  listed: string[];
  failed: { vault: string; error: AppError }[];
  /** PIM vaults that are locked (not listed). */
  skipped: string[];
}

/**
 * The vault catalog and the only way to a secret value. One SecretClient per configured vault,
 * authenticated through the TokenProvider port (never MSAL directly). Listing streams pages into
 * the in-memory SecretCatalog; values are fetched only for `copy` (straight to ClipboardPolicy,
 * never returned) and `reveal` (returned once, never kept). Every value operation asserts the
 * AccessSession first and passes the session's per-vault AbortSignal to the SDK, so a lock
 * cancels requests in flight. Clients are discarded when their vault locks or unlocks: the SDK
 * caches its access token inside the client, and that token must not outlive the lock nor stay
 * stale after a PIM activation added a group.
 */
export class VaultService {
  private readonly catalog: SecretCatalog;
  private readonly favourites: Favourites;
  private vaults = new Map<string, VaultSettings>();
  private readonly clients: VaultClients;
  private readonly audit: ValueAudit;
  private readonly listings = new Map<string, { promise: Promise<boolean>; controller: AbortController }>();
  private readonly unlockedAt = new Map<string, number>();
  private readonly unsubscribe: (() => void)[];

  constructor(private readonly deps: VaultServiceDeps) {
    this.favourites = new Favourites(deps.favourites, deps.logger);
    this.audit = new ValueAudit(deps.journal, deps.logger);
    this.clients = new VaultClients({ tokens: deps.tokens, accounts: deps.accounts, session: deps.session, ...(deps.client ? { tuning: deps.client } : {}) });
    this.catalog = new SecretCatalog({ clock: deps.clock, favourites: this.favourites, ...(deps.staleness ? { staleness: deps.staleness } : {}), ...(deps.search ? { search: deps.search } : {}) });
    this.setVaults(deps.vaults);
    this.unsubscribe = [
      deps.session.on('locked', (e) => this.onLocked(e.vaults, e.reason)),
      deps.session.on('unlocked', (e) => this.onUnlocked(e.grant.vault, e.at)),
    ];
  }

  /** Loads favourites. Call once before showing the catalog. */
  init(): Promise<void> {
    return this.favourites.load();
  }

  /** Replaces the configured vaults (settings changed). */
  setVaults(vaults: readonly VaultSettings[]): void {
    this.vaults = new Map(vaults.map((v) => [v.name, v]));
    this.clients.retain(new Set(this.vaults.keys()));
    this.catalog.setVaults(vaults);
  }

  /** Each configured vault: access (standing / unlocked / locked), listing state, item count, last error. */
  vaultStatuses(): VaultStatus[] {
    const grants = new Map(this.deps.session.grants().map((g) => [g.vault, g.endsAt]));
    return this.catalog
      .statuses((v) => (!v.pimGroupId ? 'standing' : this.deps.session.isUnlocked(v.name) ? 'unlocked' : 'locked'))
      .map((status) => (grants.has(status.name) ? { ...status, endsAt: grants.get(status.name)! } : status));
  }

  /** All catalog items, favourites first, then by name. */
  items(): CatalogItem[] {
    return this.catalog.items();
  }

  /** Search by name, tags, customer and vault; favourites first. `offset` pages through the same ranking. */
  search(query: string, limit = 50, offset = 0): { items: CatalogItem[]; total: number } {
    return this.catalog.search(query, limit, offset);
  }

  /** `search` with highlight ranges in each name (IPC `vault:search` / `vault:searchPage`). */
  searchHits(query: string, limit = 50, offset = 0): { hits: SearchHit[]; total: number } {
    const { items, total } = this.catalog.search(query, limit, offset);
    return { hits: items.map((item) => ({ item, nameMatches: nameMatchRanges(item.name, query) })), total };
  }

  /** Marks or unmarks a favourite (names only), persists it, and returns the updated item if the catalog holds it. */
  async setFavourite(ref: SecretRef, favourite: boolean): Promise<CatalogItem | undefined> {
    await this.favourites.set(ref.vault, ref.name, favourite);
    return this.catalog.item(ref.vault, ref.name);
  }

  /** Catalog events as they happen; returns the unsubscribe function. */
  on(listener: (event: CatalogEvent) => void): () => void {
    return this.catalog.on(listener);
  }

  /**
   * Lists every listable vault (standing, or PIM and unlocked) in parallel, paging to the end.
   * A vault already being listed is joined, not restarted. Resolves when all listings finished;
   * pages arrive earlier through `on` / `refreshStream`. Never rejects: failures are per vault.
   */
  async refresh(vaultNames?: string[]): Promise<RefreshSummary> {
    const targets = [...this.vaults.values()].filter((v) => !vaultNames || vaultNames.includes(v.name));
    const listable = targets.filter((v) => this.isListable(v));
    const failed: RefreshSummary['failed'] = [];
    const listed: string[] = [];
    await Promise.all(
      listable.map((v) =>
        this.listVault(v).then(
          (completed) => {
            if (completed) listed.push(v.name);
          },
          (error: AppError) => failed.push({ vault: v.name, error }),
        ),
      ),
    );
    return { listed, failed, skipped: targets.filter((v) => !listable.includes(v)).map((v) => v.name) };
  }

  /** `refresh` as an async iterator of its events ('page', 'listed', 'failed', 'locked'), ending when it completes. */
  refreshStream(vaultNames?: string[]): AsyncIterableIterator<CatalogEvent> {
    let off = () => {};
    const queue = new AsyncEventQueue<CatalogEvent>(() => off());
    off = this.catalog.on((event) => {
      if (event.type !== 'changed' && (!vaultNames || vaultNames.includes(event.vault))) queue.push(event);
    });
    void this.refresh(vaultNames).finally(() => queue.end());
    return queue;
  }

  /** Copies a secret to the clipboard (through ClipboardPolicy). Returns when it will be cleared — never the value. */
  async copy(ref: SecretRef): Promise<CopyResult> {
    const vault = this.vault(ref.vault);
    this.deps.session.assertUnlocked(vault.name);
    const account = await this.accountForJournal(vault);
    const value = await this.fetchValue(vault, ref.name, 'copy', account);
    await this.audit.requireRecorded({ action: 'copy', outcome: 'ok', ...account, vault: vault.name, secretName: ref.name });
    try {
      return await this.deps.clipboard.writeSecret(value, { vault: vault.name, name: ref.name });
    } catch (error) {
      await this.audit.record({ action: 'copy', outcome: 'failed', ...account, vault: vault.name, secretName: ref.name, detail: 'clipboard write failed' });
      throw new AppError('unknown', 'The secret could not be put on the clipboard. Try again.', { cause: error });
    }
  }

  /** Fetches a secret's value for display, once. Not cached; the UI hides it at `hideAt`. */
  async reveal(ref: SecretRef): Promise<RevealResult> {
    const vault = this.vault(ref.vault);
    this.deps.session.assertUnlocked(vault.name);
    const account = await this.accountForJournal(vault);
    const value = await this.fetchValue(vault, ref.name, 'reveal', account);
    // Audit first: a reveal that cannot be journalled does not happen.
    await this.audit.requireRecorded({ action: 'reveal', outcome: 'ok', ...account, vault: vault.name, secretName: ref.name });
    return { value, hideAt: this.deps.clock.now() + this.deps.revealSeconds() * 1000 };
  }

  /** Versions of a secret, newest first (metadata only), loaded on demand. */
  async listVersions(vaultName: string, name: string): Promise<SecretVersionInfo[]> {
    const vault = this.vault(vaultName);
    if (vault.pimGroupId) this.deps.session.assertUnlocked(vault.name);
    const signal = this.operationSignal(vault);
    const versions: SecretVersionInfo[] = [];
    try {
      for await (const page of this.clients.clientFor(vault).listPropertiesOfSecretVersions(name, { abortSignal: signal }).byPage({ maxPageSize: this.pageSize })) {
        versions.push(...page.map(toVersionInfo));
      }
    } catch (error) {
      throw this.classify(error, vault, { operation: 'versions', secretName: name }, signal);
    }
    return versions.sort((a, b) => (b.createdOn ?? 0) - (a.createdOn ?? 0));
  }

  /**
   * PIM readiness: lists one item of `vault` as `accountId` with a FORCE-REFRESHED token (so a
   * just-added group is in it). 'ok' or the classified error — an RBAC 403 here reads "granted
   * but not yet effective". Does not require the vault to be unlocked (readiness precedes the
   * unlock) and reads no value. On success the vault's cached client is dropped so later calls
   * pick up the fresh token.
   */
  async probe(vaultName: string, accountId: string): Promise<'ok' | AppError> {
    const vault = this.vault(vaultName);
    const client = this.clients.probeClient(vault, accountId);
    try {
      await client.listPropertiesOfSecrets().byPage({ maxPageSize: 1 }).next();
      this.clients.drop(vault.name);
      return 'ok';
    } catch (error) {
      return this.classify(error, vault, { operation: 'probe', justGranted: true });
    }
  }

  /** Forgets catalog entries (all vaults, or some) — e.g. after signing out of a standing-access tenant. */
  forget(vaultNames?: string[]): void {
    for (const name of vaultNames ?? [...this.vaults.keys()]) {
      this.cancelListing(name);
      this.clients.drop(name);
      this.catalog.lockVault(name, 'nothing');
    }
  }

  /** Stops listening to the session, cancels listings, drops clients and the catalog. */
  dispose(): void {
    for (const off of this.unsubscribe) off();
    this.forget();
  }

  private get pageSize(): number {
    return Math.min(25, Math.max(1, this.deps.pageSize ?? 25));
  }

  /** Lists one vault into the catalog; resolves true when it reached the end, false if a lock cut it short. */
  private listVault(vault: VaultSettings): Promise<boolean> {
    const running = this.listings.get(vault.name);
    if (running) return running.promise;
    const controller = new AbortController();
    const signal = this.operationSignal(vault, controller.signal);
    this.catalog.beginListing(vault.name);
    // Forget this listing BEFORE announcing its end, so a refresh triggered by 'listed' starts anew.
    const finish = () => {
      if (this.listings.get(vault.name)?.controller === controller) this.listings.delete(vault.name);
    };
    const run = async () => {
      try {
        let page = 0;
        for await (const secrets of this.clients.clientFor(vault).listPropertiesOfSecrets({ abortSignal: signal }).byPage({ maxPageSize: this.pageSize })) {
          if (signal.aborted) return false;
          this.catalog.addPage(vault.name, page++, secrets.map(toStoredSecret));
        }
        if (signal.aborted) return false;
        finish();
        this.catalog.completeListing(vault.name);
        return true;
      } catch (error) {
        if (signal.aborted) return false; // locked, forgotten or disposed: the catalog was already updated
        const appError = this.classify(error, vault, { operation: 'list' }, signal);
        this.deps.logger?.warn('vault listing failed', { vault: vault.name, code: appError.code });
        finish();
        this.catalog.failListing(vault.name, appError);
        throw appError;
      }
    };
    const promise = run().finally(finish);
    this.listings.set(vault.name, { promise, controller });
    return promise;
  }

  /** Fetches a value; on failure journals the attempt (names and error code only) and throws the classified error. */
  private async fetchValue(vault: VaultSettings, name: string, action: 'copy' | 'reveal', account: JournalAccount): Promise<string> {
    const signal = this.deps.session.signalFor(vault.name);
    let value: string | undefined;
    try {
      value = (await this.clients.clientFor(vault).getSecret(name, { abortSignal: signal })).value;
      if (signal.aborted) throw signal.reason ?? new VaultLockedError(vault.name);
      if (value === undefined) throw new AppError('unknown', `Key Vault returned no value for "${name}" in vault "${vault.name}".`);
      return value;
    } catch (error) {
      const appError = this.classify(error, vault, { operation: 'get', secretName: name }, signal);
      const outcome = appError.code.startsWith('vault-forbidden') ? 'denied' : appError.code === 'vault-locked' || appError.code === 'cancelled' ? 'cancelled' : 'failed';
      await this.audit.record({ action, outcome, ...account, vault: vault.name, secretName: name, detail: appError.code });
      throw appError;
    }
  }

  private classify(error: unknown, vault: VaultSettings, ctx: Omit<VaultErrorContext, 'vault' | 'permissionModel'>, signal?: AbortSignal): AppError {
    const grantedAt = this.unlockedAt.get(vault.name);
    const justGranted = ctx.justGranted ?? (grantedAt !== undefined && this.deps.clock.now() - grantedAt < (this.deps.propagationGraceMs ?? 600_000));
    return classifyVaultError(error, { ...ctx, vault: vault.name, permissionModel: vault.permissionModel, justGranted }, signal?.aborted ? signal.reason : undefined);
  }

  /** Standing vaults are always listable; PIM vaults only while unlocked. */
  private isListable(vault: VaultSettings): boolean {
    return !vault.pimGroupId || this.deps.session.isUnlocked(vault.name);
  }

  /** PIM vaults: aborted when the vault locks (session signal); standing vaults: only by `extra`. */
  private operationSignal(vault: VaultSettings, extra?: AbortSignal): AbortSignal {
    const signals = [...(vault.pimGroupId ? [this.deps.session.signalFor(vault.name)] : []), ...(extra ? [extra] : [])];
    return signals.length === 1 ? signals[0]! : signals.length === 0 ? new AbortController().signal : AbortSignal.any(signals);
  }

  private async accountForJournal(vault: VaultSettings): Promise<JournalAccount> {
    const account = await this.clients.resolveAccount(vault);
    return { account: account.accountId, tenantId: account.tenantId };
  }

  private vault(name: string): VaultSettings {
    const vault = this.vaults.get(name);
    if (!vault) throw new AppError('vault-not-found', `Vault "${name}" is not configured in JIT Vault. Check the settings.`);
    return vault;
  }

  /**
   * A lock purges the vault's client (and with it the SDK's cached token). PIM vaults keep only
   * names; on sign-out/quit nothing is kept. A standing vault's listing is left to finish (it is
   * always listable) unless everything is forgotten.
   */
  private onLocked(vaults: string[], reason: LockReason): void {
    const forgetAll = reason === 'signed-out' || reason === 'quit';
    for (const name of vaults) {
      const vault = this.vaults.get(name);
      if (!vault) continue;
      this.unlockedAt.delete(name);
      this.clients.drop(name);
      if (!vault.pimGroupId && !forgetAll) continue;
      this.cancelListing(name);
      this.catalog.lockVault(name, forgetAll ? 'nothing' : 'names');
    }
  }

  /** Aborts a listing and forgets it at once, so an unlock right after starts a fresh one. */
  private cancelListing(name: string): void {
    this.listings.get(name)?.controller.abort();
    this.listings.delete(name);
  }

  private onUnlocked(name: string, at: number): void {
    const vault = this.vaults.get(name);
    if (!vault) return;
    // Only a PIM grant can be "granted but not yet effective"; standing access is just access.
    if (vault.pimGroupId) this.unlockedAt.set(name, at);
    this.clients.drop(name);
    void this.refresh([name]).catch(() => undefined);
  }
}
