/**
 * The audit log port: every service records what the user (or the app on their behalf) did through
 * this one interface. `AuditJournal` (main/services/journal) is the adapter: a local, hash-chained
 * JSON Lines file; the schema of what may reach it is `journalEntrySchema` (journal-entry.ts).
 * The entry type and its account format are in shared/domain/types.ts (the history view reads them).
 */

import type { AuditEntry } from '../../../shared/domain/types.js';

export type { AuditAction, AuditEntry, AuditOutcome } from '../../../shared/domain/types.js';

/** Where services record audit events. Appends resolve when the entry is stored; a failure rejects. */
export interface AuditLog {
  append(entry: AuditEntry): Promise<void>;
}
