import { EXPIRY_HORIZON_DAYS, type ExpiryOverviewDto } from '../../../shared/domain/expiry.js';
import type { Clock, TimerHandle } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import { TypedEmitter } from '../events/typed-emitter.js';
import type { ExpiryAlerts } from './expiry-alerts.js';
import { buildExpiryOverview, type ExpiryTenantInfo, type ExpiryVaultInfo } from './expiry-overview.js';
import type { ExpirySource } from './expiry-source.js';

/** Badges and thresholds move with time, not only with listings: re-check at least this often. */
const RECHECK_MS = 60 * 60_000;

/** ExpiryService's events by name (the TypedEmitter model): 'changed' carries the re-checked overview. */
export interface ExpiryEvents extends Record<string, unknown> {
  changed: ExpiryOverviewDto;
}

export interface ExpiryServiceDeps {
  clock: Clock;
  logger: Logger;
  sources: ExpirySource[];
  /** The configured vaults and tenants, read on every build (settings may change). */
  vaults(): readonly ExpiryVaultInfo[];
  tenants(): readonly ExpiryTenantInfo[];
  /** Tray notifications at thresholds; absent (command line): no notifications. */
  alerts?: ExpiryAlerts;
  /** Changes arriving within this window are handled once (a listing streams page by page). Default 1 s. */
  settleMs?: number;
}

/**
 * The expiry overview across every vault and tenant (issue 14): items from each source (secrets
 * with `exp` from the catalog, certificates from their listing; `addSource` adds one later), built on
 * demand for the UI, and — once started — re-checked when a source changes and every hour, which
 * tells the UI (`changed`) and the threshold notifications (`ExpiryAlerts`).
 */
export class ExpiryService {
  private readonly sources: ExpirySource[] = [];
  private readonly offSources: (() => void)[] = [];
  private readonly events: TypedEmitter<ExpiryEvents>;
  private started = false;
  private settleTimer: TimerHandle | undefined;
  private recheckTimer: TimerHandle | undefined;
  private lastCheck: Promise<void> = Promise.resolve();

  constructor(private readonly deps: ExpiryServiceDeps) {
    this.events = new TypedEmitter(deps.logger);
    for (const source of deps.sources) this.addSource(source);
  }

  /** Adds a source (e.g. certificates) after construction. */
  addSource(source: ExpirySource): void {
    this.sources.push(source);
    this.offSources.push(source.on('changed', () => this.scheduleCheck()));
    if (this.started) this.scheduleCheck();
  }

  /** Everything expiring within the horizon, and what has expired, now. */
  overview(): ExpiryOverviewDto {
    return buildExpiryOverview({
      items: this.sources.flatMap((source) => source.items()),
      vaults: this.deps.vaults(),
      tenants: this.deps.tenants(),
      now: this.deps.clock.now(),
      horizonDays: EXPIRY_HORIZON_DAYS,
      kinds: [...new Set(this.sources.map((source) => source.kind))],
    });
  }

  /** Subscribes to 'changed': re-checked overviews (after a change settles, and hourly once started). */
  on<K extends keyof ExpiryEvents>(event: K, listener: (e: ExpiryEvents[K]) => void): () => void {
    return this.events.on(event, listener);
  }

  /** Starts re-checking: notifications and `changed` events. The desktop app and the preview start it; the command line does not. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.scheduleCheck();
  }

  /** Re-checks now: tells listeners, then the notifications; resolves when those were handled. */
  check(): Promise<void> {
    this.lastCheck = this.runCheck();
    return this.lastCheck;
  }

  /** Resolves when the latest check (timer-driven or not) has finished its notifications. */
  settled(): Promise<void> {
    return this.lastCheck;
  }

  private async runCheck(): Promise<void> {
    this.settleTimer?.cancel();
    this.settleTimer = undefined;
    this.recheckTimer?.cancel();
    if (this.started) this.recheckTimer = this.deps.clock.setTimer(RECHECK_MS, () => void this.check());
    let overview: ExpiryOverviewDto;
    try {
      overview = this.overview();
    } catch (error) {
      this.deps.logger.warn('expiry overview failed', { error: error instanceof Error ? error.name : 'unknown' });
      return;
    }
    this.events.emit('changed', overview);
    await this.deps.alerts?.check(overview);
  }

  dispose(): void {
    this.started = false;
    this.settleTimer?.cancel();
    this.recheckTimer?.cancel();
    for (const off of this.offSources.splice(0)) off();
    this.events.clear();
  }

  private scheduleCheck(): void {
    if (!this.started || this.settleTimer) return;
    this.settleTimer = this.deps.clock.setTimer(this.deps.settleMs ?? 1000, () => void this.check());
  }
}
