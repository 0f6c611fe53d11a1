import { journalEntrySchema } from '../../../main/services/journal/journal-entry.js';
import type { AuditEntry, AuditLog } from '../../../main/services/ports/audit-log.js';

/**
 * The one in-memory AuditLog for service tests. Every append is checked against the journal's
 * schema, strictly (an unknown field, action or outcome throws), so each service test also proves
 * that what the service writes is what the real AuditJournal accepts. `fail` makes appends reject.
 */
export class RecordingAuditLog implements AuditLog {
  readonly entries: AuditEntry[] = [];
  fail: Error | undefined;

  async append(entry: AuditEntry): Promise<void> {
    const checked = journalEntrySchema.strict().safeParse(entry);
    if (!checked.success) throw new TypeError(`Audit entry outside the schema: ${checked.error.issues.map((i) => `${i.path.join('.') || '(entry)'} ${i.message}`).join('; ')}`);
    if (this.fail) throw this.fail;
    this.entries.push(entry);
  }
}
