import { AppError, VaultLockedError } from '../errors.js';
import type { AuditEntry } from '../ports/audit-log.js';
import type { LockReason } from '../session/session.types.js';
import type { VaultSettings } from '../settings/settings.schema.js';
import { CatalogWarmStart } from './catalog-warm-start.js';
import { Favourites } from './favourites.js';
import { InMemoryListingMemory } from './listing-memory.js';
import { itemLink } from './tag-conventions.js';
import { totpCode, type TotpCode } from './totp-code.js';
import { CatalogSnapshot } from './catalog-snapshot.js';
import { SecretCatalog } from './secret-catalog.js';
import { toVersionInfo } from './secret-properties.mapper.js';
import { nameMatchRanges } from '../../../shared/search/secret-search.index.js';
import { classifyVaultError, type VaultErrorContext } from './vault-error.classifier.js';
import { ValueAudit } from './value-audit.js';
import { READINESS_PROBE_SECRET, VaultClients } from './vault-clients.js';
import { VaultListings } from './vault-listings.js';
import type { VaultServiceDeps } from './vault-service.deps.js';
import type { CatalogEvents, CatalogItem, CopyResult, RefreshSummary, RevealResult, SearchHit, SecretRef, SecretVersionInfo, VaultStatus } from './vault.types.js';

export type { VaultServiceDeps } from './vault-service.deps.js';

/** Who did it, as the audit journal records it. */
type JournalAccount = Pick<AuditEntry, 'account' | 'tenantId' | 'source'>;

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
  /** The catalog's metadata as snapshot + diffs, for the renderer's own search (never values). */
  readonly snapshot: CatalogSnapshot;
  private readonly favourites: Favourites;
  private readonly vaults: ReadonlyMap<string, VaultSettings>;
  private readonly clients: VaultClients;
  private readonly audit: ValueAudit;
  private readonly listings: VaultListings;
  private readonly unlockedAt = new Map<string, number>();
  private readonly unsubscribe: (() => void)[];
  private readonly warmStart: CatalogWarmStart;

  constructor(private readonly deps: VaultServiceDeps) {
    this.favourites = new Favourites(deps.favourites, deps.logger);
    this.audit = new ValueAudit(deps.journal, deps.logger);
    this.clients = new VaultClients({ tokens: deps.tokens, accounts: deps.accounts, session: deps.session, endpoints: deps.endpoints ?? { allowLoopback: false }, ...(deps.client ? { tuning: deps.client } : {}) });
    this.vaults = new Map(deps.vaults.map((v) => [v.name, v]));
    this.catalog = new SecretCatalog({
      vaults: deps.vaults,
      clock: deps.clock,
      favourites: this.favourites,
      isLocked: (name) => this.isLocked(name),
      memory: deps.listingMemory ?? new InMemoryListingMemory(),
      ...(deps.logger ? { logger: deps.logger } : {}),
      ...(deps.tagConvention ? { tagConvention: deps.tagConvention } : {}),
      ...(deps.staleness ? { staleness: deps.staleness } : {}), ...(deps.search ? { search: deps.search } : {}),
    });
    this.warmStart = new CatalogWarmStart({
      catalog: this.catalog,
      clock: deps.clock,
      vault: (name) => this.vaults.get(name),
      favourites: () => this.favourites.all(),
      ...(deps.cache ? { cache: deps.cache } : {}),
      ...(deps.recents ? { recents: deps.recents } : {}),
      ...(deps.cacheSaveDelayMs !== undefined ? { saveDelayMs: deps.cacheSaveDelayMs } : {}),
      ...(deps.logger ? { logger: deps.logger } : {}),
    });
    this.snapshot = new CatalogSnapshot(this.catalog, deps.clock, undefined, deps.logger, () => this.warmStart.firstScreenServed());
    this.listings = new VaultListings({
      clients: this.clients,
      catalog: this.catalog,
      isLocked: (name) => this.isLocked(name),
      operationSignal: (vault, extra) => this.operationSignal(vault, extra),
      classifyListing: (error, vault, signal) => this.classify(error, vault, { operation: 'list' }, signal),
      pageSize: this.pageSize,
      ...(deps.logger ? { logger: deps.logger } : {}),
    });
    this.unsubscribe = [
      () => this.snapshot.dispose(),
      () => this.warmStart.dispose(),
      deps.session.on('locked', (e) => this.onLocked(e.vaults, e.reason)),
      deps.session.on('unlocked', (e) => this.onUnlocked(e.grant.vault, e.at)),
    ];
  }

  /** Loads favourites. Call once before showing the catalog. */
  init(): Promise<void> {
    return this.favourites.load();
  }

  /** Shows the encrypted cache's first screen at once, before any listing; the whole cached catalog follows (see CatalogWarmStart). */
  restoreCache(): Promise<void> {
    return this.warmStart.restore();
  }

  /** Resolves when the whole cached catalog is shown (restored now if it was still waiting behind the first screen). */
  cacheRestored(): Promise<void> {
    return this.warmStart.restored();
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

  /**
   * Search by name, tags, customer and vault; favourites first; `offset` pages through the same
   * ranking. Each hit carries the highlight ranges in its name (IPC `vault:searchPage`, CLI `search`).
   */
  searchHits(query: string, limit = 50, offset = 0): { hits: SearchHit[]; total: number } {
    const { items, total } = this.catalog.search(query, limit, offset);
    return { hits: items.map((item) => ({ item, nameMatches: nameMatchRanges(item.name, query) })), total };
  }

  /** Marks or unmarks a favourite (names only), persists it, and returns the updated item if the catalog holds it. */
  async setFavourite(ref: SecretRef, favourite: boolean): Promise<CatalogItem | undefined> {
    await this.favourites.set(ref.vault, ref.name, favourite);
    return this.catalog.item(ref.vault, ref.name);
  }

  /** Catalog events as they happen ('catalog' stream); returns the unsubscribe function. */
  on<K extends keyof CatalogEvents>(event: K, listener: (e: CatalogEvents[K]) => void): () => void {
    return this.catalog.on(event, listener);
  }

  /**
   * Lists every configured vault in parallel, paging to the end — a locked PIM vault too: listing
   * is metadata (Key Vault Reader), only values wait for the grant. A refused listing of a locked
   * vault falls back to the names remembered from an earlier listing ("names as of").
   * A vault already being listed is joined, not restarted. Resolves when all listings finished;
   * pages arrive earlier through `on`. Never rejects: failures are per vault.
   */
  async refresh(vaultNames?: string[]): Promise<RefreshSummary> {
    await this.warmStart.beforeListing(); // a listing replaces the cache's entries: never before they are restored
    const targets = [...this.vaults.values()].filter((v) => !vaultNames || vaultNames.includes(v.name));
    const listable = targets;
    const failed: RefreshSummary['failed'] = [];
    const listed: string[] = [];
    await Promise.all(
      listable.map((v) =>
        this.listings.list(v).then(
          (completed) => {
            if (completed) listed.push(v.name);
          },
          (error: AppError) => failed.push({ vault: v.name, error }),
        ),
      ),
    );
    return { listed, failed, skipped: targets.filter((v) => !listable.includes(v)).map((v) => v.name) };
  }

  /**
   * Copies a secret to the clipboard (through ClipboardPolicy). Returns when it will be cleared —
   * never the value. A TOTP item (see tag-conventions) copies its current code, not the seed URI.
   */
  async copy(ref: SecretRef): Promise<CopyResult> {
    const vault = this.vault(ref.vault);
    this.deps.session.assertUnlocked(vault.name);
    const account = await this.accountForJournal(vault);
    const fetched = await this.fetchValue(vault, ref.name, 'copy', account);
    const value = this.catalog.item(vault.name, ref.name)?.fields?.totp ? totpCode(fetched, this.deps.clock.now(), ref.name).code : fetched;
    await this.audit.requireRecorded({ action: 'copy', outcome: 'ok', ...account, vault: vault.name, secretName: ref.name });
    try {
      // The lock is re-checked inside the clipboard's serialized task (a lock during the journal append must win).
      return await this.deps.clipboard.writeSecret(value, { vault: vault.name, name: ref.name, stillAllowed: () => this.deps.session.assertUnlocked(vault.name) });
    } catch (error) {
      if (error instanceof AppError && error.code === 'vault-locked') {
        await this.audit.record({ action: 'copy', outcome: 'cancelled', ...account, vault: vault.name, secretName: ref.name, detail: 'locked before the clipboard write' });
        throw error;
      }
      await this.audit.record({ action: 'copy', outcome: 'failed', ...account, vault: vault.name, secretName: ref.name, detail: 'clipboard write failed' });
      throw new AppError('unknown', 'The secret could not be put on the clipboard. Try again.', { cause: error });
    }
  }

  /**
   * Fetches a secret's value for display, once. Not cached; the UI hides it at `hideAt`.
   * The command line passes `source: 'cli'` (journalled as such) and may ask for a `version`.
   */
  async reveal(ref: SecretRef, options: { version?: string; source?: 'cli' } = {}): Promise<RevealResult> {
    const vault = this.vault(ref.vault);
    this.deps.session.assertUnlocked(vault.name);
    const account = { ...(await this.accountForJournal(vault)), ...(options.source ? { source: options.source } : {}) };
    const value = await this.fetchValue(vault, ref.name, 'reveal', account, options.version);
    // Audit first: a reveal that cannot be journalled does not happen.
    await this.audit.requireRecorded({ action: 'reveal', outcome: 'ok', ...account, vault: vault.name, secretName: ref.name, ...(options.version ? { detail: `version ${options.version}` } : {}) });
    this.deps.session.assertUnlocked(vault.name); // locked while the journal was written: the value stays in main
    return { value, hideAt: this.deps.clock.now() + this.deps.revealSeconds() * 1000 };
  }

  /**
   * The current TOTP code of an `otpauth://` secret, with when it expires (the UI counts down and
   * asks again). The seed never leaves main; the code is journalled like a reveal.
   */
  async totp(ref: SecretRef): Promise<TotpCode> {
    const vault = this.vault(ref.vault);
    this.deps.session.assertUnlocked(vault.name);
    const account = await this.accountForJournal(vault);
    const code = totpCode(await this.fetchValue(vault, ref.name, 'reveal', account), this.deps.clock.now(), ref.name);
    await this.audit.requireRecorded({ action: 'reveal', outcome: 'ok', ...account, vault: vault.name, secretName: ref.name, detail: 'TOTP code' });
    return code;
  }

  /** Copies the username tag (metadata: works while locked) through the clipboard policy, cleared like a value. */
  async copyUsername(ref: SecretRef): Promise<CopyResult> {
    const username = this.itemOrThrow(ref).fields?.username;
    if (!username) throw new AppError('item-unsupported', `"${ref.name}" has no username tag. Ask the vault owner to add one (see the tag convention in the admin guide).`);
    return this.deps.clipboard.writeSecret(username, { vault: ref.vault, name: ref.name });
  }

  /** The link "Open URL" / "Connect" hands to the OS (http(s) URL tag, or RDP/SSH URI from host + username; never a password). */
  itemLink(ref: SecretRef, target: 'url' | 'connect'): string {
    const link = itemLink(this.itemOrThrow(ref), target);
    if (typeof link !== 'string') throw new AppError('item-unsupported', `${link.missing} Ask the vault owner to add it (see the tag convention in the admin guide).`);
    return link;
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
    this.catalog.noteVersions(vault.name, name, versions.length); // shown with the item and kept in the cache
    return versions.sort((a, b) => (b.createdOn ?? 0) - (a.createdOn ?? 0));
  }

  /**
   * PIM readiness: asks `vault` for READINESS_PROBE_SECRET as `accountId` with a FORCE-REFRESHED
   * token (so a just-added group is in it). A value read right is what the grant adds — listing
   * proves nothing when the user holds a standing Key Vault Reader — so 404 (or 200) is 'ok' and
   * a 403 is the classified error, which here reads "granted but not yet effective". Does not
   * require the vault to be unlocked (readiness precedes the unlock). On success the vault's
   * cached client is dropped so later calls pick up the fresh token.
   */
  async probe(vaultName: string, accountId: string): Promise<'ok' | AppError> {
    const vault = this.vault(vaultName);
    const client = this.clients.probeClient(vault, accountId);
    try {
      await client.getSecret(READINESS_PROBE_SECRET); // the answer is dropped unread
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode !== 404) return this.classify(error, vault, { operation: 'probe', justGranted: true });
    }
    this.clients.drop(vault.name);
    return 'ok';
  }

  /** Forgets catalog entries (all vaults, or some) — e.g. after signing out of a standing-access tenant. */
  forget(vaultNames?: string[]): void {
    for (const name of vaultNames ?? [...this.vaults.keys()]) {
      this.listings.cancel(name);
      this.clients.drop(name);
      this.catalog.lockVault(name, 'nothing');
    }
  }

  /**
   * Sign-out: deletes the encrypted catalog cache and its key (the next user starts cold), also
   * when the account held no unlocked vault and so no lock announced the sign-out.
   */
  forgetCache(): Promise<void> {
    this.warmStart.forget();
    return this.cacheSettled();
  }

  /** Resolves when no write or clear of the encrypted catalog cache is under way. */
  cacheSettled(): Promise<void> {
    return this.warmStart.settled();
  }

  /** Resolves when no listing is running, cancelled ones included (tests and shutdown wait for it). */
  settled(): Promise<void> {
    return this.listings.settled();
  }

  /** Stops listening to the session, cancels listings, drops clients and the catalog. */
  dispose(): void {
    for (const off of this.unsubscribe) off();
    this.forget();
    // No cache save may fire after the service is gone (it did, 2 s after quit, in a later test's keychain).
    this.warmStart.dispose();
  }

  private get pageSize(): number {
    return Math.min(25, Math.max(1, this.deps.pageSize ?? 25));
  }

  /** Fetches a value; on failure journals the attempt (names and error code only) and throws the classified error. */
  private async fetchValue(vault: VaultSettings, name: string, action: 'copy' | 'reveal', account: JournalAccount, version?: string): Promise<string> {
    const signal = this.deps.session.signalFor(vault.name);
    let value: string | undefined;
    try {
      // Revoked early? Graph knows before Key Vault does (its token's groups are a snapshot): ask first.
      await this.deps.liveness?.assertLive(vault.name);
      value = (await this.clients.clientFor(vault).getSecret(name, { abortSignal: signal, ...(version ? { version } : {}) })).value;
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

  /** Whether `name`'s values are behind the session lock now (a PIM vault without an active grant). */
  private isLocked(name: string): boolean {
    const vault = this.vaults.get(name);
    return !!vault?.pimGroupId && !this.deps.session.isUnlocked(name);
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

  private itemOrThrow(ref: SecretRef): CatalogItem {
    const item = this.catalog.item(this.vault(ref.vault).name, ref.name);
    if (!item) throw new AppError('vault-not-found', `"${ref.name}" is not in the catalog of vault "${ref.vault}". Refresh the vault and try again.`);
    return item;
  }

  private vault(name: string): VaultSettings {
    const vault = this.vaults.get(name);
    if (!vault) throw new AppError('vault-not-found', `Vault "${name}" is not configured in JIT Vault. Check the settings.`);
    return vault;
  }

  /**
   * A lock purges the vault's client (and with it the SDK's cached token). A PIM vault keeps its
   * names at once, then is listed again under standing rights (Key Vault Reader) — if that is
   * refused, the names stay, "as of" their listing. On sign-out/quit nothing is kept. A standing
   * vault's listing is left to finish (it is always listable) unless everything is forgotten.
   */
  private onLocked(vaults: string[], reason: LockReason): void {
    const forgetAll = reason === 'signed-out' || reason === 'quit';
    if (reason === 'signed-out') this.warmStart.forget(); // the next user starts cold
    for (const name of vaults) {
      const vault = this.vaults.get(name);
      if (!vault) continue;
      this.unlockedAt.delete(name);
      this.clients.drop(name);
      if (!vault.pimGroupId && !forgetAll) continue;
      this.listings.cancel(name);
      this.catalog.lockVault(name, forgetAll ? 'nothing' : 'names');
      if (!forgetAll) void this.refresh([name]).catch(() => undefined);
    }
  }

  private onUnlocked(name: string, at: number): void {
    const vault = this.vaults.get(name);
    if (!vault) return;
    // Only a PIM grant can be "granted but not yet effective"; standing access is just access.
    if (vault.pimGroupId) this.unlockedAt.set(name, at);
    this.listings.cancel(name); // a listing under standing rights gives way to one with the grant's fresh token
    this.clients.drop(name);
    void this.refresh([name]).catch(() => undefined);
  }
}
