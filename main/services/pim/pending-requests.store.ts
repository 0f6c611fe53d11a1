import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';

/** What survives a restart about a request being followed: ids and names, never tokens or secrets. */
export const pendingRecordSchema = z.object({
  requestId: z.string().min(1).max(200),
  accountId: z.string().min(1).max(300),
  tenantId: z.string().min(1).max(100),
  groupId: z.string().min(1).max(100),
  submittedAt: z.number(),
});
export type PendingRecord = z.infer<typeof pendingRecordSchema>;

/** Persistence of pending request ids so a restarted app resumes following them. */
export interface PendingRequestStore {
  load(): Promise<PendingRecord[]>;
  save(records: PendingRecord[]): Promise<void>;
}

/**
 * JSON file store. A missing or unreadable file reads as "nothing pending" (following restarts from
 * Graph's own list of pending requests anyway); writes are atomic (temp file + rename).
 */
export class FilePendingRequestStore implements PendingRequestStore {
  constructor(private readonly file: string) {}

  async load(): Promise<PendingRecord[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch {
      return [];
    }
    try {
      const parsed = z.array(pendingRecordSchema).safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : [];
    } catch {
      return [];
    }
  }

  async save(records: PendingRecord[]): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(records), { mode: 0o600 });
    await rename(tmp, this.file);
  }
}

/** In-memory store for tests and for memory-only mode. */
export class MemoryPendingRequestStore implements PendingRequestStore {
  private records: PendingRecord[] = [];
  async load(): Promise<PendingRecord[]> {
    return [...this.records];
  }
  async save(records: PendingRecord[]): Promise<void> {
    this.records = [...records];
  }
}
