import type { SandboxContext } from '../context.js';
import type { RequestContext } from '../http/router.js';
import type { SecretRecord, VaultState } from '../state/model.js';
import type { VaultCaller } from './challenge-auth.js';
import { vaultErrors } from './vault-errors.js';

/** One authenticated, authorised request to a vault operation. */
export interface VaultRequest {
  readonly ctx: RequestContext;
  readonly context: SandboxContext;
  readonly vault: VaultState;
  /** The vault's exact origin: ids, recoveryIds and nextLinks are built on it. */
  readonly origin: string;
  readonly apiVersion: string;
  readonly caller: VaultCaller;
  /** Secret name from the path ('' for vault-level operations), already validated. */
  readonly name: string;
  /** Version from the path ('' when absent: the latest). */
  readonly version: string;
  /** Sandbox time in unix seconds, read once per request. */
  readonly nowSeconds: number;
}

/** What an operation answers; the router adds Key Vault's headers. `body` undefined means no content. */
export interface VaultResponse {
  status: number;
  body?: unknown;
  /** Extra headers (Location and Retry-After of a certificate operation). */
  headers?: Record<string, string>;
}

/** An operation handler. Errors are thrown as KeyVaultError. */
export type VaultOperation = (request: VaultRequest) => VaultResponse | Promise<VaultResponse>;

/** The stored record for a name (case-insensitive), deleted or not. */
export function recordOf(vault: VaultState, name: string): SecretRecord | undefined {
  return vault.secrets[name.toLowerCase()];
}

/** Whether a recovered secret is still propagating (its GETs answer 404 for a few polls). */
export function isRecovering(record: SecretRecord): boolean {
  return (record.recoveringPollsLeft ?? 0) > 0;
}

/** Whether a record is a live (not deleted, fully recovered) secret. */
export function isLive(record: SecretRecord | undefined): record is SecretRecord {
  return record !== undefined && !record.deleted && !isRecovering(record);
}

/** The live record for a write or metadata operation; 404 SecretNotFound otherwise. */
export function liveRecord(request: VaultRequest): SecretRecord {
  const record = recordOf(request.vault, request.name);
  if (!isLive(record)) throw vaultErrors.secretNotFound(request.name);
  return record;
}

/**
 * Purges soft-deleted secrets whose scheduled purge date has passed on the sandbox clock, as the
 * service does on its own; returns whether anything changed.
 */
export function purgeExpired(vault: VaultState, nowSeconds: number): boolean {
  let changed = false;
  for (const [key, record] of Object.entries(vault.secrets)) {
    if (record.deleted && record.deleted.scheduledPurgeDate <= nowSeconds) {
      delete vault.secrets[key];
      changed = true;
    }
  }
  return changed;
}
