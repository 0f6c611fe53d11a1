import { z } from 'zod';
import { looksLikeToken, scrubText } from '../logging/redaction.js';
import type { AuditAction, AuditEntry, AuditOutcome } from '../ports/audit-log.js';

/** A line of the journal as stored and read back; `seq` counts lines from 1 across files. */
export type JournalRecord = AuditEntry & { seq: number; time: string; prevHash: string; hash: string };

/** The chain's anchor: the first line of a fresh journal carries this as `prevHash`. */
export const GENESIS_HASH = '0'.repeat(64);

const ACTIONS = ['sign-in', 'sign-out', 'activate', 'approve-wait', 'ready', 'reveal', 'copy', 'lock', 'deactivate', 'cancel', 'extend', 'approve', 'deny', 'error', 'export', 'certificate'] as const satisfies readonly AuditAction[];
const OUTCOMES = ['ok', 'failed', 'denied', 'cancelled'] as const satisfies readonly AuditOutcome[];

/**
 * A bounded text field. Over-long text is cut rather than refused: an audit line must not be lost
 * because a justification was long. Token-shaped parts are replaced by `[redacted]`.
 */
const text = (max: number) =>
  z
    .string()
    .transform((value) => (looksLikeToken(value) ? scrubText(value) : value))
    .transform((value) => (value.length > max ? `${value.slice(0, max)}…` : value))
    .optional();

/**
 * The whitelist of what may reach the journal. `z.object` strips unknown keys, so a value passed in an
 * unexpected field (`value`, `token`, `secret`) is dropped before anything is serialised.
 */
export const journalEntrySchema = z.object({
  action: z.enum(ACTIONS),
  outcome: z.enum(OUTCOMES),
  account: text(320),
  tenantId: text(64),
  vault: text(128),
  secretName: text(127),
  groupId: text(64),
  justification: text(1000),
  ticket: text(200),
  requestId: text(128),
  detail: text(500),
  source: z.enum(['cli']).optional(),
});

const KNOWN_FIELDS = new Set(Object.keys(journalEntrySchema.shape));

/** Field names of `input` the journal will drop (for a warning; the names, never the values). */
export function unknownFields(input: object): string[] {
  return Object.keys(input).filter((key) => !KNOWN_FIELDS.has(key));
}

/**
 * Validates and cleans an entry: unknown fields dropped, undefined fields removed, text bounded and
 * scrubbed. Throws a TypeError for an action or outcome outside the schema (a programming error).
 */
export function sanitizeEntry(input: AuditEntry): AuditEntry {
  const parsed = journalEntrySchema.safeParse(input);
  if (!parsed.success) {
    const where = parsed.error.issues.map((issue) => issue.path.join('.') || '(entry)').join(', ');
    throw new TypeError(`Invalid audit journal entry (${where}).`);
  }
  const clean: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed.data)) if (value !== undefined) clean[key] = value;
  return clean as unknown as AuditEntry;
}

/** JSON with keys sorted at every level and no whitespace: one byte sequence per value, for hashing. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
