/**
 * The audit log port: every service records what the user (or the app on their behalf) did through
 * this one interface. `AuditJournal` (main/services/journal) is the adapter: a local, hash-chained
 * JSON Lines file; the schema of what may reach it is `journalEntrySchema` (journal-entry.ts).
 */

/** What the user (or the app on their behalf) did. */
export type AuditAction = 'sign-in' | 'sign-out' | 'activate' | 'approve-wait' | 'ready' | 'reveal' | 'copy' | 'lock' | 'deactivate' | 'cancel' | 'extend' | 'error';

/** How it ended. */
export type AuditOutcome = 'ok' | 'failed' | 'denied' | 'cancelled';

/**
 * One audit event. Names, ids and the user's own words only — NEVER a secret value or a token.
 * `justification` and `ticket` are user text and allowed; `detail` is a short plain-language note
 * (an error code, a lock reason).
 *
 * Account format (one for every service): `account` is JIT Vault's account id,
 * `{homeAccountId}|{tenantId}` (main/services/auth/account-id.ts) — the key every service already
 * holds, unique per sign-in (a guest has the same homeAccountId in every tenant it is invited to)
 * and stable when a UPN is renamed or reused. Never the UPN, never a display name. `tenantId` is
 * added where the service knows the tenant apart from the account (vault and sign-in entries).
 */
export interface AuditEntry {
  action: AuditAction;
  outcome: AuditOutcome;
  /** JIT Vault account id `{homeAccountId}|{tenantId}` (see above). */
  account?: string;
  tenantId?: string;
  vault?: string;
  secretName?: string;
  groupId?: string;
  justification?: string;
  ticket?: string;
  /** PIM request id. */
  requestId?: string;
  detail?: string;
}

/** Where services record audit events. Appends resolve when the entry is stored; a failure rejects. */
export interface AuditLog {
  append(entry: AuditEntry): Promise<void>;
}
