import { AppError } from '../errors.js';
import type { AuditEntry, AuditLog } from '../ports/audit-log.js';
import type { Logger } from '../ports/logger.js';

/**
 * Audit of value access (copy / reveal): names, account and outcome — never the value. Success is
 * journalled BEFORE the value is handed out, and a success that cannot be journalled does not
 * happen ("no audit, no access"); failures are journalled best-effort.
 */
export class ValueAudit {
  constructor(
    private readonly journal: AuditLog,
    private readonly logger?: Logger,
  ) {}

  /** Appends `entry` or throws an AppError that stops the operation. */
  async requireRecorded(entry: AuditEntry): Promise<void> {
    try {
      await this.journal.append(entry);
    } catch (error) {
      this.logger?.error('audit journal append failed', { action: entry.action, vault: entry.vault });
      throw new AppError(
        'unknown',
        `The audit journal could not be written, so the secret "${entry.secretName}" was not ${entry.action === 'copy' ? 'copied' : entry.action === 'export' ? 'saved' : 'shown'}. ` +
          "Check free disk space and the permissions of JIT Vault's data folder.",
        { cause: error },
      );
    }
  }

  /** Appends `entry`; a failure is logged, not thrown (the operation already failed for its own reason). */
  async record(entry: AuditEntry): Promise<void> {
    try {
      await this.journal.append(entry);
    } catch {
      this.logger?.error('audit journal append failed', { action: entry.action, vault: entry.vault });
    }
  }
}
