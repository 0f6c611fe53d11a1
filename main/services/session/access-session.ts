import { VaultLockedError } from '../errors.js';
import type { TimerHandle } from '../ports/clock.js';
import type { PowerEvent } from '../ports/power-events.js';
import { ClockWatchdog } from './clock-watchdog.js';
import { IdleMonitor } from './idle-monitor.js';
import { lockSideEffects } from './lock-side-effects.js';
import { type AccessSessionDeps, type AccessSessionEvents, type LockReason, type VaultGrant, lockReasonText } from './session.types.js';
import { TypedEmitter } from '../events/typed-emitter.js';

export type { AccessSessionDeps, AccessSessionEvents, LockReason, VaultGrant } from './session.types.js';

interface UnlockedVault {
  grant: VaultGrant;
  controller: AbortController;
  warned: boolean;
  expiryTimer?: TimerHandle;
  warnTimer?: TimerHandle;
}

/** Longest single timer: Node clamps delays above 2^31-1 ms to 1 ms, so long waits are chained. */
const maxTimerMs = 60 * 60_000;
const powerLockReasons: Partial<Record<PowerEvent, LockReason>> = { 'lock-screen': 'os-lock', suspend: 'suspend', shutdown: 'quit', idle: 'idle' };
/** Locks the user or the OS caused: only the user's presence lifts them (`confirmPresence`). */
const PRESENCE_LOCKS: ReadonlySet<LockReason> = new Set(['manual', 'idle', 'os-lock', 'suspend']);

/**
 * Which vaults are unlocked, by which grant, until when — and the one place that locks them.
 * A vault locks at its grant's end time (exactly: not a tick before), on re-sync showing the
 * activation ended or was removed, on OS lock/sleep/shutdown, after `idleLockMs` without activity,
 * and when a clock jump is detected (see ClockWatchdog). Locking is synchronous for the state
 * (`assertUnlocked` throws as soon as `lock` returns); the side effects (clipboard, tokens,
 * journal, notification) run after and `lock` returns a promise that settles when they are done.
 */
export class AccessSession {
  private readonly unlocked = new Map<string, UnlockedVault>();
  private readonly lastLock = new Map<string, LockReason>();
  private readonly events: TypedEmitter<AccessSessionEvents>;
  private readonly watchdog: ClockWatchdog;
  private readonly tolerance: number;
  private readonly unsubscribePower: (() => void) | undefined;
  private readonly idle: IdleMonitor;
  private disposed = false;
  /** Set by a user/OS lock: until the user confirms presence, unlocks are held, not applied. */
  private presenceLock: LockReason | undefined;
  /** Grants that arrived while presence was required (a PIM flow reaching Ready in the background). */
  private readonly held = new Map<string, VaultGrant>();

  constructor(private readonly deps: AccessSessionDeps) {
    this.events = new TypedEmitter(deps.logger);
    this.tolerance = deps.clockJumpToleranceMs ?? 2000;
    this.idle = new IdleMonitor(deps.clock, deps.idleLockMs, deps.power, () => void this.lock('all', 'idle'));
    this.watchdog = new ClockWatchdog(deps.clock, deps.watchdogIntervalMs ?? 5000, ({ driftMs }) => this.onWatchdog(driftMs));
    this.unsubscribePower = deps.power?.on('power', (event) => this.onPowerEvent(event));
  }

  /** Subscribes to 'locked' | 'unlocked' | 'updated' | 'expiring'; returns the unsubscribe function. */
  on<K extends keyof AccessSessionEvents>(event: K, listener: (e: AccessSessionEvents[K]) => void): () => void {
    return this.events.on(event, listener);
  }

  /**
   * Unlocks `grant.vault` until `grant.endsAt` (null: standing access), or replaces the grant of an
   * already unlocked vault (extension) without aborting its signal. Throws VaultLockedError if the
   * grant has already ended, or the session was disposed (quitting).
   */
  unlock(grant: VaultGrant): void {
    const now = this.deps.clock.now();
    if (this.disposed) throw new VaultLockedError(grant.vault, { detail: lockReasonText.quit });
    if (grant.endsAt !== null && grant.endsAt <= now) throw new VaultLockedError(grant.vault, { detail: lockReasonText.expired });
    if (this.presenceLock && !this.unlocked.has(grant.vault)) {
      // Background flows (PIM readiness, re-sync) never lift a lock the user or the OS caused.
      this.held.set(grant.vault, { ...grant });
      return;
    }
    if (this.unlocked.size === 0) this.idle.recordActivity(); // unlocking is activity: a fresh idle window
    const existing = this.unlocked.get(grant.vault);
    const entry: UnlockedVault = existing ?? { grant, controller: new AbortController(), warned: false };
    entry.grant = { ...grant };
    this.unlocked.set(grant.vault, entry);
    this.lastLock.delete(grant.vault);
    this.schedule(entry);
    this.watchdog.start();
    this.idle.start();
    this.events.emit('unlocked', { grant: { ...entry.grant }, at: now });
  }

  /**
   * Re-sync from Graph: the activation now ends at `endsAt`. Earlier → locks earlier (at once if
   * already past: 'revoked'); later → stays unlocked longer; null (no active instance) → 'revoked'.
   * Ignored for vaults that are not unlocked.
   */
  updateEndTime(vault: string, endsAt: number | null): void {
    const entry = this.unlocked.get(vault);
    if (!entry) return;
    const now = this.deps.clock.now();
    if (endsAt === null || endsAt <= now) {
      void this.lock([vault], 'revoked');
      return;
    }
    if (endsAt === entry.grant.endsAt) return;
    entry.grant = { ...entry.grant, endsAt };
    this.schedule(entry);
    this.events.emit('updated', { grant: { ...entry.grant }, at: now });
  }

  /** Locks the given vaults (or all). Returns when clipboard, token, journal and notification work is done. */
  lock(vaults: string[] | 'all', reason: LockReason): Promise<void> {
    const at = this.deps.clock.now();
    if (PRESENCE_LOCKS.has(reason)) this.presenceLock = reason;
    for (const name of vaults === 'all' ? [...this.held.keys()] : vaults) this.held.delete(name);
    const names = vaults === 'all' ? [...this.unlocked.keys()] : vaults.filter((v) => this.unlocked.has(v));
    const locked: VaultGrant[] = [];
    for (const name of names) {
      const entry = this.unlocked.get(name);
      if (!entry) continue;
      this.unlocked.delete(name);
      this.lastLock.set(name, reason);
      entry.expiryTimer?.cancel();
      entry.warnTimer?.cancel();
      entry.controller.abort(new VaultLockedError(name, { detail: lockReasonText[reason] }));
      locked.push(entry.grant);
    }
    if (this.unlocked.size === 0) this.stopTimers();
    if (locked.length > 0) this.events.emit('locked', { vaults: locked.map((g) => g.vault), reason, at });
    // 'all' clears a copied secret even when nothing was unlocked (quit, screen lock).
    if (locked.length === 0 && vaults !== 'all') return Promise.resolve();
    return lockSideEffects(this.deps, locked, reason, vaults === 'all');
  }

  /** Throws VaultLockedError (code 'vault-locked') unless `vault` is unlocked right now. */
  assertUnlocked(vault: string): void {
    if (!this.isUnlocked(vault)) {
      const reason = this.lastLock.get(vault);
      throw new VaultLockedError(vault, reason ? { detail: lockReasonText[reason] } : undefined);
    }
  }

  /** Whether `vault` is unlocked. A grant found past its end (a jump not yet seen) is locked here and now. */
  isUnlocked(vault: string): boolean {
    const entry = this.unlocked.get(vault);
    if (!entry) return false;
    if (entry.grant.endsAt !== null && this.deps.clock.now() >= entry.grant.endsAt) {
      void this.lock([vault], 'clock-jump');
      return false;
    }
    return true;
  }

  /** Why presence is needed before anything unlocks again (a user or OS lock), or undefined. */
  get presenceRequired(): LockReason | undefined {
    return this.presenceLock;
  }

  /**
   * The user proved presence (Touch ID, a fresh interactive sign-in): lifts the gate and applies the
   * grants held meanwhile that are still in force. Call only after a real presence check.
   */
  confirmPresence(): void {
    this.presenceLock = undefined;
    const held = [...this.held.values()];
    this.held.clear();
    for (const grant of held) if (grant.endsAt === null || grant.endsAt > this.deps.clock.now()) this.unlock(grant);
  }

  /** Copies of the current grants. */
  grants(): VaultGrant[] {
    return [...this.unlocked.values()].map((e) => ({ ...e.grant }));
  }

  /** AbortSignal aborted (reason: VaultLockedError) when `vault` locks; already aborted if it is locked. */
  signalFor(vault: string): AbortSignal {
    const entry = this.isUnlocked(vault) ? this.unlocked.get(vault) : undefined;
    if (entry) return entry.controller.signal;
    return AbortSignal.abort(new VaultLockedError(vault));
  }

  /** The user did something in JIT Vault (restarts the idle window). */
  recordActivity(): void {
    this.idle.recordActivity();
  }

  /** Locks everything ('quit'), stops timers and unsubscribes from power events. */
  dispose(): Promise<void> {
    this.disposed = true;
    const done = this.lock('all', 'quit');
    this.stopTimers();
    this.unsubscribePower?.();
    this.events.clear();
    return done;
  }

  /** (Re)arms the warning and expiry timers of one vault against the current time. */
  private schedule(entry: UnlockedVault): void {
    entry.expiryTimer?.cancel();
    entry.warnTimer?.cancel();
    entry.expiryTimer = entry.warnTimer = undefined;
    const { endsAt } = entry.grant;
    if (endsAt === null) return;
    const now = this.deps.clock.now();
    const warnAt = endsAt - this.deps.warnBeforeExpiryMs;
    if (warnAt > now) entry.warned = false;
    if (!entry.warned) entry.warnTimer = this.deps.clock.setTimer(Math.max(0, warnAt - now), () => this.warn(entry));
    const scheduledFor = Math.min(endsAt, now + maxTimerMs);
    entry.expiryTimer = this.deps.clock.setTimer(scheduledFor - now, () => this.onExpiryTimer(entry, scheduledFor));
  }

  private onExpiryTimer(entry: UnlockedVault, scheduledFor: number): void {
    if (this.unlocked.get(entry.grant.vault) !== entry || entry.grant.endsAt === null) return;
    const now = this.deps.clock.now();
    // Fired well before the wall-clock time it aimed at: the wall clock went back. The monotonic
    // wait has really elapsed, so end times measured against the clock can no longer be trusted.
    if (scheduledFor - now > this.tolerance) {
      void this.lock('all', 'clock-jump');
    } else if (now >= entry.grant.endsAt) {
      void this.lock([entry.grant.vault], now - entry.grant.endsAt > this.tolerance ? 'clock-jump' : 'expired');
    } else {
      this.schedule(entry); // a chained long wait, or a timer a few ms early
    }
  }

  private warn(entry: UnlockedVault): void {
    const { vault, endsAt, groupId } = entry.grant;
    const now = this.deps.clock.now();
    if (this.unlocked.get(vault) !== entry || entry.warned || endsAt === null || now >= endsAt) return;
    entry.warned = true;
    this.events.emit('expiring', { vault, endsAt, at: now });
    const minutes = Math.max(1, Math.round((endsAt - now) / 60_000));
    this.deps.notifier?.notify({
      kind: 'expiring-soon',
      title: `Access to ${vault} ends soon`,
      body: `Your access to vault "${vault}" ends in about ${minutes} minute${minutes === 1 ? '' : 's'}. Extend the activation to keep working.`,
      ...(groupId ? { action: { id: 'extend' as const, label: 'Extend', groupId } } : {}),
    });
  }

  private onPowerEvent(event: PowerEvent): void {
    const reason = powerLockReasons[event];
    if (reason) void this.lock('all', reason);
    else if (event === 'resume') this.onClockJump(Number.NaN);
  }

  private onWatchdog(driftMs: number): void {
    if (Math.abs(driftMs) > this.tolerance) this.onClockJump(driftMs);
    else this.lockOverdue(); // belt and braces: a grant past its end whose timer has not fired
  }

  /**
   * After a resume (drift unknown: NaN) or a detected jump: a backward jump locks everything (end
   * times can no longer be trusted against the clock); otherwise grants already past their end lock
   * at once and the others' timers are re-armed, since their monotonic delays are now too long.
   */
  private onClockJump(driftMs: number): void {
    this.deps.logger?.warn('clock jump detected', { driftMs: Number.isNaN(driftMs) ? 'resume' : driftMs });
    if (driftMs < -this.tolerance) {
      void this.lock('all', 'clock-jump');
      return;
    }
    this.lockOverdue();
    for (const entry of this.unlocked.values()) this.schedule(entry);
    this.watchdog.restart();
    this.idle.check();
  }

  private lockOverdue(): void {
    const now = this.deps.clock.now();
    const overdue = [...this.unlocked.values()].filter((e) => e.grant.endsAt !== null && now >= e.grant.endsAt).map((e) => e.grant.vault);
    if (overdue.length > 0) void this.lock(overdue, 'clock-jump');
  }

  private stopTimers(): void {
    this.watchdog.stop();
    this.idle.stop();
  }
}
