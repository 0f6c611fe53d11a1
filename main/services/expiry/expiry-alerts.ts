import { expiryInWords, type ExpiryItemDto, type ExpiryOverviewDto } from '../../../shared/domain/expiry.js';
import type { Logger } from '../ports/logger.js';
import type { AppNotification, Notifier } from '../ports/notifier.js';
import type { ExpiryNoticeRecord, ExpiryNoticeStore } from './expiry-notice-store.js';

const DAY_MS = 86_400_000;
/** How many items a grouped notification names before "and N more". */
const NAMED_IN_NOTICE = 3;

export interface ExpiryAlertsDeps {
  notifier: Notifier;
  store: ExpiryNoticeStore;
  logger: Logger;
  /** Settings, read on every check: thresholds in days before expiry, and whether to notify at all. */
  thresholdsDays(): readonly number[];
  enabled(): boolean;
}

/**
 * Tray notifications when an item crosses a threshold (e.g. 30, 7 and 1 days before it expires)
 * and when it has expired. Each item is notified once per threshold — remembered across restarts
 * by item key and expiry date, so a renewed certificate (new date) starts again — and the items
 * crossing at the same check share ONE notification (a vault of twenty secrets expiring together
 * must not produce twenty). An item first seen inside several thresholds is notified once, at the
 * nearest. Disabled items (nothing can use them) and items expired longer than the horizon ago
 * (long known) are not notified; they stay in the overview.
 */
export class ExpiryAlerts {
  private records: Record<string, ExpiryNoticeRecord> | undefined;
  private checking: Promise<void> = Promise.resolve();

  constructor(private readonly deps: ExpiryAlertsDeps) {}

  /** Checks the overview against the thresholds and notifies what crossed one; checks run one at a time. */
  check(overview: ExpiryOverviewDto): Promise<void> {
    this.checking = this.checking.then(() => this.run(overview)).catch((error: unknown) => {
      this.deps.logger.warn('expiry notification check failed', { error: error instanceof Error ? error.name : 'unknown' });
    });
    return this.checking;
  }

  private async run(overview: ExpiryOverviewDto): Promise<void> {
    if (!this.deps.enabled()) return;
    const thresholds = [...new Set(this.deps.thresholdsDays())].filter((t) => t > 0).sort((a, b) => a - b);
    const now = overview.generatedAt;
    this.records ??= await this.deps.store.load();
    const records = this.records;
    const crossed: { item: ExpiryItemDto; stage: number }[] = [];
    for (const item of overview.items) {
      if (!item.enabled || item.expiresOn < now - overview.horizonDays * DAY_MS) continue;
      const stage = stageOf(item.expiresOn - now, thresholds);
      if (stage === undefined) continue;
      const recordKey = `${item.key}@${item.expiresOn}`;
      const last = records[recordKey];
      if (last && last.stage <= stage) continue;
      records[recordKey] = { stage, expiresOn: item.expiresOn };
      crossed.push({ item, stage });
    }
    const pruned = this.prune(now, overview.horizonDays);
    if (crossed.length === 0 && !pruned) return;
    await this.deps.store.save(records);
    if (crossed.length > 0) this.deps.notifier.notify(noticeFor(crossed, now));
  }

  /** Drops records of dates long past (the horizon after expiry): the file does not grow for ever. */
  private prune(now: number, horizonDays: number): boolean {
    let pruned = false;
    for (const [key, record] of Object.entries(this.records!)) {
      if (record.expiresOn < now - 2 * horizonDays * DAY_MS) {
        delete this.records![key];
        pruned = true;
      }
    }
    return pruned;
  }
}

/** The nearest threshold the time left is inside (days), 0 when expired, undefined when outside all. */
export function stageOf(leftMs: number, thresholdsAscending: readonly number[]): number | undefined {
  if (leftMs <= 0) return 0;
  return thresholdsAscending.find((days) => leftMs <= days * DAY_MS);
}

function describe(item: ExpiryItemDto, now: number): string {
  return `${item.name} (${item.vaultDisplayName ?? item.vault}) ${expiryInWords(item.expiresOn, now)}`;
}

/** One notification for everything that crossed a threshold in this check, most urgent first. */
export function noticeFor(crossed: { item: ExpiryItemDto; stage: number }[], now: number): AppNotification {
  const sorted = [...crossed].sort((a, b) => a.item.expiresOn - b.item.expiresOn);
  const first = sorted[0]!.item;
  const kindWord = (item: ExpiryItemDto) => (item.kind === 'certificate' ? 'Certificate' : 'Secret');
  const expired = sorted.filter((c) => c.stage === 0).length;
  const title =
    sorted.length === 1
      ? `${kindWord(first)} ${first.name} ${first.expiresOn <= now ? 'has expired' : `expires ${expiryInWords(first.expiresOn, now)}`}`
      : expired === sorted.length
        ? `${sorted.length} items have expired`
        : `${sorted.length} items expire soon${expired > 0 ? ` (${expired} already expired)` : ''}`;
  const named = sorted.slice(0, NAMED_IN_NOTICE).map((c) => describe(c.item, now));
  const more = sorted.length - named.length;
  const body = sorted.length === 1 ? `${describe(first, now)}. Open the expiry overview to see what else expires.` : `${named.join('; ')}${more > 0 ? `; and ${more} more` : ''}.`;
  return { kind: 'item-expiry', title, body, tab: 'expiry', action: { id: 'open', label: 'Show expiry overview' } };
}
