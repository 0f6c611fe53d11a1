import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { CertificateOperationDto } from '../../../shared/domain/certificates.js';
import type { CertificateRef } from './certificate.types.js';

/** Waits between two reads of a running operation: quick at first (a Self certificate takes seconds), then once a minute. */
export const OPERATION_POLL_MS: readonly number[] = [2_000, 4_000, 8_000, 15_000, 30_000, 60_000];
/** A still-running operation is left to the next listing after this long (a CA that takes a day). */
export const OPERATION_FOLLOW_MAX_MS = 2 * 60 * 60_000;

/** What the watch needs: the operation's status now, and what to do once it ended. */
export interface OperationWatchDeps {
  clock: Clock;
  /** Key Vault's status of the certificate's operation (`none`: there is none, e.g. deleted). */
  status(ref: CertificateRef): Promise<CertificateOperationDto['status']>;
  /** The operation ended (completed, cancelled, failed or gone): bring the certificate's summary up to date. */
  ended(ref: CertificateRef): Promise<void>;
  logger?: Logger;
}

const keyOf = (ref: CertificateRef) => `${ref.vault}/${ref.name.toLowerCase()}`;

/**
 * Follows a create/renew operation started through the app until Key Vault says it ended, so the
 * certificate's summary (version, thumbprint, expiry) changes as soon as the new version exists —
 * not only with the next listing. Reads back off (OPERATION_POLL_MS) on the Clock port; a read that
 * fails (network) is tried again at the next step; one follower per certificate.
 */
export class OperationWatch {
  private readonly running = new Map<string, { vault: string; controller: AbortController; done: Promise<void> }>();

  constructor(private readonly deps: OperationWatchDeps) {}

  /** Follows `ref`'s operation (joins the follower already running). Resolves when it ended or was given up. */
  follow(ref: CertificateRef): Promise<void> {
    const key = keyOf(ref);
    const existing = this.running.get(key);
    if (existing) return existing.done;
    const controller = new AbortController();
    const done = this.run(ref, controller.signal).finally(() => {
      if (this.running.get(key)?.controller === controller) this.running.delete(key);
    });
    this.running.set(key, { vault: ref.vault, controller, done });
    return done;
  }

  /** Whether `ref`'s operation is being followed. */
  following(ref: CertificateRef): boolean {
    return this.running.has(keyOf(ref));
  }

  /** Stops following the operations of some vaults (all: none given). */
  stop(vaults?: readonly string[]): void {
    for (const [key, run] of this.running) {
      if (vaults && !vaults.includes(run.vault)) continue;
      run.controller.abort();
      this.running.delete(key);
    }
  }

  private async run(ref: CertificateRef, signal: AbortSignal): Promise<void> {
    const startedAt = this.deps.clock.now();
    for (let step = 0; this.deps.clock.now() - startedAt < OPERATION_FOLLOW_MAX_MS; step++) {
      try {
        await this.deps.clock.sleep(OPERATION_POLL_MS[Math.min(step, OPERATION_POLL_MS.length - 1)]!, signal);
      } catch {
        return; // stopped
      }
      let status: CertificateOperationDto['status'];
      try {
        status = await this.deps.status(ref);
      } catch (error) {
        if (signal.aborted) return;
        this.deps.logger?.warn('certificate operation read failed; trying again', { vault: ref.vault, certificate: ref.name, error: error instanceof Error ? error.name : 'unknown' });
        continue;
      }
      if (signal.aborted) return;
      if (status === 'inProgress') continue;
      await this.deps.ended(ref).catch((error: unknown) => this.deps.logger?.warn('certificate summary refresh failed', { vault: ref.vault, certificate: ref.name, error: error instanceof Error ? error.name : 'unknown' }));
      return;
    }
    this.deps.logger?.info('certificate operation still running; left to the next listing', { vault: ref.vault, certificate: ref.name });
  }
}

/** Key Vault's operation status as the app names it: an operation without a known status is still running. */
export function operationStatus(op: { status?: string } | undefined): CertificateOperationDto['status'] {
  const status = op?.status;
  return status === 'inProgress' || status === 'completed' || status === 'cancelled' || status === 'failed' ? status : op ? 'inProgress' : 'none';
}
