import { readFileIfExists, SerialQueue, writeFileAtomic } from '../settings/atomic-file.js';
import type { Logger } from '../ports/logger.js';

/** Which threshold (days; 0 = expired) was last notified for one item at one expiry date. */
export interface ExpiryNoticeRecord {
  stage: number;
  expiresOn: number;
}

/** Keeps what was already notified, so a restart does not repeat a notification. */
export interface ExpiryNoticeStore {
  load(): Promise<Record<string, ExpiryNoticeRecord>>;
  save(records: Record<string, ExpiryNoticeRecord>): Promise<void>;
}

/** In memory (the command line, tests). */
export class MemoryExpiryNoticeStore implements ExpiryNoticeStore {
  private records: Record<string, ExpiryNoticeRecord> = {};
  load(): Promise<Record<string, ExpiryNoticeRecord>> {
    return Promise.resolve({ ...this.records });
  }
  save(records: Record<string, ExpiryNoticeRecord>): Promise<void> {
    this.records = { ...records };
    return Promise.resolve();
  }
}

function isRecord(value: unknown): value is ExpiryNoticeRecord {
  const record = value as ExpiryNoticeRecord;
  return typeof value === 'object' && value !== null && Number.isFinite(record.stage) && Number.isFinite(record.expiresOn);
}

/**
 * A JSON file beside the favourites (item keys and dates: metadata, never values), written
 * atomically. An unreadable or foreign file is logged and treated as empty: the worst outcome is
 * one repeated notification, never a lost setting (the file holds nothing else).
 */
export class FileExpiryNoticeStore implements ExpiryNoticeStore {
  private readonly queue = new SerialQueue();

  constructor(private readonly deps: { file: string; logger: Logger }) {}

  async load(): Promise<Record<string, ExpiryNoticeRecord>> {
    let text: string | undefined;
    try {
      text = await readFileIfExists(this.deps.file);
    } catch (error) {
      this.deps.logger.warn('expiry notices file unreadable', { error: error instanceof Error ? error.name : 'unknown' });
      return {};
    }
    if (text === undefined) return {};
    try {
      const parsed = JSON.parse(text) as { version?: unknown; notified?: unknown };
      if (parsed.version !== 1 || typeof parsed.notified !== 'object' || parsed.notified === null) throw new Error('shape');
      return Object.fromEntries(Object.entries(parsed.notified).filter(([, record]) => isRecord(record))) as Record<string, ExpiryNoticeRecord>;
    } catch {
      this.deps.logger.warn('expiry notices file is not JSON of the expected shape: starting afresh');
      return {};
    }
  }

  save(records: Record<string, ExpiryNoticeRecord>): Promise<void> {
    const text = `${JSON.stringify({ version: 1, notified: records }, null, 2)}\n`;
    return this.queue.run(() => writeFileAtomic(this.deps.file, text));
  }
}
