import type { Clock, TimerHandle } from '../services/ports/clock.js';

/** A window whose capture can be blocked (BrowserWindow.setContentProtection: macOS and Windows). */
export interface ProtectableWindow {
  setContentProtection(enable: boolean): void;
  isDestroyed(): boolean;
}

/**
 * Keeps JIT Vault's windows out of screenshots and screen sharing while a secret value is on
 * screen: from a successful `vault:reveal` until its `hideAt` (the renderer hides the value then),
 * or until a lock — whichever comes first. Several reveals extend to the latest hideAt.
 * https://www.electronjs.org/docs/latest/api/browser-window#winsetcontentprotectionenable-macos-windows
 */
export class ContentProtection {
  #until = 0;
  #timer: TimerHandle | undefined;

  constructor(
    private readonly deps: {
      clock: Clock;
      /** The app's windows that exist now. */
      windows(): readonly ProtectableWindow[];
    },
  ) {}

  /** Whether protection is on now. */
  get active(): boolean {
    return this.#timer !== undefined;
  }

  /** A value was revealed and stays visible until `hideAt` (epoch ms). */
  protectUntil(hideAt: number): void {
    const now = this.deps.clock.now();
    if (!Number.isFinite(hideAt) || hideAt <= now) return;
    if (this.#timer && hideAt <= this.#until) return;
    this.#until = hideAt;
    this.#timer?.cancel();
    this.#set(true);
    // A little after hideAt: the renderer's own timer hides the value at hideAt.
    this.#timer = this.deps.clock.setTimer(hideAt - now + 1_000, () => this.release());
  }

  /** No value is on screen any more (timeout, lock). */
  release(): void {
    if (!this.#timer) return;
    this.#timer.cancel();
    this.#timer = undefined;
    this.#set(false);
  }

  /** A window created while protection is on gets it too. */
  applyTo(window: ProtectableWindow): void {
    if (this.active) window.setContentProtection(true);
  }

  #set(enable: boolean): void {
    for (const window of this.deps.windows()) if (!window.isDestroyed()) window.setContentProtection(enable);
  }
}
