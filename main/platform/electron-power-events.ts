import type { Clock, TimerHandle } from '../services/ports/clock.js';
import type { PowerEvent, PowerEventMap, PowerEvents } from '../services/ports/power-events.js';

type PowerMonitorEvent = 'lock-screen' | 'suspend' | 'resume' | 'shutdown';

/** The part of Electron's powerMonitor the adapter uses. */
export interface PowerMonitorLike {
  on(event: PowerMonitorEvent, listener: () => void): unknown;
  removeListener(event: PowerMonitorEvent, listener: () => void): unknown;
  getSystemIdleTime(): number;
  getSystemIdleState(idleThreshold: number): 'active' | 'idle' | 'locked' | 'unknown';
}

/** powerMonitor events that become PowerEvents (lock-screen: macOS/Windows; shutdown: Linux/macOS). */
const FORWARDED = ['lock-screen', 'suspend', 'resume', 'shutdown'] as const satisfies readonly PowerEvent[];

/** How often Linux asks whether the screen is locked (a cheap in-process D-Bus round trip in Chromium). */
export const LOCK_POLL_MS = 5_000;

/**
 * The PowerEvents port over Electron's powerMonitor (usable only after `app` is ready). The access
 * session locks on 'lock-screen', 'suspend' and 'shutdown' and re-checks its timers on 'resume'.
 *
 * Linux has no 'lock-screen' event (power-monitor docs: @platform darwin,win32), so there the
 * adapter polls `getSystemIdleState(…) === 'locked'` every LOCK_POLL_MS and turns the change into
 * 'lock-screen' ("locked is available on supported systems only": Chromium asks the desktop's
 * org.freedesktop.ScreenSaver over D-Bus).
 *
 * Idle is not an event: the session's IdleMonitor polls `idleSeconds()`. On GNOME under
 * Wayland/XWayland `getSystemIdleTime()` reads 0 forever (electron/electron#34826), which would
 * keep JIT Vault unlocked while nobody is there. An OS idle time that has never read above 0 is
 * therefore treated as unknown — `idleSeconds()` answers Infinity, so only in-app activity counts,
 * as without an OS source — until a non-zero reading proves the OS counts.
 */
export class ElectronPowerEvents implements PowerEvents {
  #osIdleWorks = false;

  constructor(
    private readonly powerMonitor: PowerMonitorLike,
    private readonly options: { platform?: NodeJS.Platform; clock?: Clock } = {},
  ) {}

  /** Subscribes to the 'power' stream: each subscription binds powerMonitor (and, on Linux, polls) until unsubscribed. */
  on<K extends keyof PowerEventMap>(_event: K, listener: (e: PowerEventMap[K]) => void): () => void {
    const bound = FORWARDED.map((event) => [event, () => listener(event)] as const);
    for (const [event, handler] of bound) this.powerMonitor.on(event, handler);
    const poll = this.#pollScreenLock(() => listener('lock-screen'));
    return () => {
      poll?.cancel();
      for (const [event, handler] of bound) this.powerMonitor.removeListener(event, handler);
    };
  }

  idleSeconds(): number {
    const seconds = this.powerMonitor.getSystemIdleTime();
    if (seconds > 0) this.#osIdleWorks = true;
    return this.#osIdleWorks ? seconds : Number.POSITIVE_INFINITY;
  }

  #pollScreenLock(onLocked: () => void): TimerHandle | undefined {
    const { platform = process.platform, clock } = this.options;
    if (platform === 'win32' || platform === 'darwin' || !clock) return undefined;
    let locked = false;
    let timer: TimerHandle | undefined;
    const handle: TimerHandle = { cancel: () => timer?.cancel() };
    const tick = () => {
      // Sampling idle time here too: a reading above 0 while polling proves the OS counts idle time.
      this.idleSeconds();
      const now = this.powerMonitor.getSystemIdleState(60) === 'locked';
      if (now && !locked) onLocked();
      locked = now;
      timer = clock.setTimer(LOCK_POLL_MS, tick);
    };
    timer = clock.setTimer(LOCK_POLL_MS, tick);
    return handle;
  }
}
