import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ClipboardClearReason } from '../../../shared/domain/types.js';
import type { Clipboard } from '../ports/clipboard.js';
import type { Clock, TimerHandle } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import { TypedEmitter } from '../events/typed-emitter.js';

export type { ClipboardClearReason } from '../../../shared/domain/types.js';

/** Events for the UI: a 1 s countdown while a secret is on the clipboard, then why it ended. */
export interface ClipboardPolicyEvents extends Record<string, unknown> {
  countdown: { vault: string; name: string; clearsAt: number; remainingMs: number; at: number };
  /** `reason: 'changed-externally'` means the clipboard was left alone: someone else's text is there now. */
  cleared: { reason: ClipboardClearReason; vault: string; name: string; at: number };
}

/** What the policy remembers about the copy it made. Never the value: only a keyed digest of it. */
interface HeldCopy {
  vault: string;
  name: string;
  clearsAt: number;
  key: Buffer;
  digest: Buffer;
  clearTimer: TimerHandle;
  tickTimer?: TimerHandle;
}

const countdownStepMs = 1000;

/**
 * Puts secret values on the clipboard and takes them off again (KeePassXC's rule): after
 * `clearAfterMs`, on lock and on quit — but only if the clipboard still holds what we wrote, so a
 * user's later copy from another app is never destroyed. A newer copy replaces the older one's timer.
 *
 * To recognise our value without keeping it, the policy stores HMAC-SHA-256(value) under a fresh
 * random key per copy: equality checks work, the digest is useless outside this process, and it
 * cannot be matched against precomputed hashes of common passwords or across copies.
 *
 * Clipboard operations are serialised: a write, a timed clear and a lock-clear never interleave.
 */
export class ClipboardPolicy {
  private readonly events: TypedEmitter<ClipboardPolicyEvents>;
  private held: HeldCopy | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  /** @param deps.clearAfterMs how long a copied secret may stay (settings: clipboardSeconds × 1000) */
  constructor(private readonly deps: { clipboard: Clipboard; clock: Clock; clearAfterMs: number; logger?: Logger }) {
    if (!(deps.clearAfterMs > 0)) throw new RangeError('clearAfterMs must be positive');
    this.events = new TypedEmitter(deps.logger);
  }

  /** Subscribes to 'countdown' or 'cleared'; returns the unsubscribe function. */
  on<K extends keyof ClipboardPolicyEvents>(event: K, listener: (e: ClipboardPolicyEvents[K]) => void): () => void {
    return this.events.on(event, listener);
  }

  /**
   * Writes `value` as concealed text (history/cloud-sync exclusion formats) and starts the clear
   * timer. If the write fails, the previous copy (if any) stays tracked and its timer keeps running.
   */
  writeSecret(value: string, meta: { vault: string; name: string; stillAllowed?: () => void }): Promise<{ clearsAt: number }> {
    return this.serially(async () => {
      // Inside the serialized task: a lock that happened while this copy waited (journal append,
      // a clear queued before us) is seen here, and its clipboard clear cannot run between check and write.
      meta.stillAllowed?.();
      await this.deps.clipboard.writeText(value, { concealed: true });
      const key = randomBytes(32);
      const digest = createHmac('sha256', key).update(value, 'utf8').digest();
      const previous = this.held;
      if (previous) this.finish(previous, 'replaced');
      const clearsAt = this.deps.clock.now() + this.deps.clearAfterMs;
      const held: HeldCopy = {
        vault: meta.vault,
        name: meta.name,
        clearsAt,
        key,
        digest,
        clearTimer: this.deps.clock.setTimer(this.deps.clearAfterMs, () => {
          void this.serially(() => this.clearHeld(held, 'timeout')).catch((error: unknown) => this.logFailure(error));
        }),
      };
      this.held = held;
      this.tick(held);
      return { clearsAt };
    });
  }

  /**
   * Clears the clipboard now if it still holds our copy (lock, quit). With `vaults`, only a copy
   * from one of those vaults is cleared (a single vault locking leaves another vault's copy alone).
   * Resolves true if it cleared.
   */
  clearIfOurs(options: { reason?: 'lock' | 'quit'; vaults?: string[] } = {}): Promise<boolean> {
    return this.serially(async () => {
      const held = this.held;
      if (!held || (options.vaults && !options.vaults.includes(held.vault))) return false;
      return this.clearHeld(held, options.reason ?? 'lock');
    });
  }

  /** When the current copy will be cleared, or undefined if none is tracked. */
  pending(): { vault: string; name: string; clearsAt: number } | undefined {
    return this.held && { vault: this.held.vault, name: this.held.name, clearsAt: this.held.clearsAt };
  }

  /** Stops timers and listeners without touching the clipboard (call `clearIfOurs({reason:'quit'})` first). */
  dispose(): void {
    if (this.held) this.cancelTimers(this.held);
    this.held = undefined;
    this.events.clear();
  }

  private async clearHeld(held: HeldCopy, reason: 'timeout' | 'lock' | 'quit'): Promise<boolean> {
    if (this.held !== held) return false; // replaced or already cleared while queued
    let ours: boolean;
    try {
      const now = await this.deps.clipboard.readText();
      const digest = createHmac('sha256', held.key).update(now, 'utf8').digest();
      ours = timingSafeEqual(digest, held.digest);
    } catch (error) {
      // Cannot read (e.g. Wayland without focus): we cannot prove it changed, so clearing is the
      // safe side — losing someone's copied text is better than leaving a password there.
      this.deps.logger?.warn('clipboard read failed; clearing without comparison', { error: error instanceof Error ? error.name : 'unknown' });
      ours = true;
    }
    if (ours) {
      try {
        await this.deps.clipboard.clear();
      } catch (error) {
        // The clipboard went away (window closed, preview page gone, OS refused). Nothing more we
        // can do for it; the caller (lock, quit) must still complete, so this never rejects.
        this.deps.logger?.warn('clipboard clear failed', { error: error instanceof Error ? error.name : 'unknown' });
        this.finish(held, reason);
        return false;
      }
    }
    this.finish(held, ours ? reason : 'changed-externally');
    return ours;
  }

  private finish(held: HeldCopy, reason: ClipboardClearReason): void {
    this.cancelTimers(held);
    if (this.held === held) this.held = undefined;
    this.events.emit('cleared', { reason, vault: held.vault, name: held.name, at: this.deps.clock.now() });
  }

  /** Emits the countdown now, then on each whole second remaining (the clear itself ends it). */
  private tick(held: HeldCopy): void {
    if (this.held !== held) return;
    const now = this.deps.clock.now();
    const remainingMs = held.clearsAt - now;
    if (remainingMs <= 0) return;
    this.events.emit('countdown', { vault: held.vault, name: held.name, clearsAt: held.clearsAt, remainingMs, at: now });
    const delay = remainingMs % countdownStepMs || countdownStepMs;
    if (remainingMs - delay > 0) held.tickTimer = this.deps.clock.setTimer(delay, () => this.tick(held));
  }

  private cancelTimers(held: HeldCopy): void {
    held.clearTimer.cancel();
    held.tickTimer?.cancel();
  }

  private serially<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private logFailure(error: unknown): void {
    this.deps.logger?.error('clipboard clear failed', { error: error instanceof Error ? error.name : 'unknown' });
  }
}
