import type { PowerEvent, PowerEvents } from '../services/ports/power-events.js';

/** The part of Electron's powerMonitor the adapter uses. */
export interface PowerMonitorLike {
  on(event: 'lock-screen' | 'suspend' | 'resume' | 'shutdown', listener: () => void): unknown;
  removeListener(event: 'lock-screen' | 'suspend' | 'resume' | 'shutdown', listener: () => void): unknown;
  getSystemIdleTime(): number;
}

/** powerMonitor events that become PowerEvents (lock-screen: macOS/Windows; shutdown: Linux/macOS). */
const FORWARDED = ['lock-screen', 'suspend', 'resume', 'shutdown'] as const satisfies readonly PowerEvent[];

/**
 * The PowerEvents port over Electron's powerMonitor (usable only after `app` is ready). The access
 * session locks on 'lock-screen', 'suspend' and 'shutdown' and re-checks its timers on 'resume'.
 * Idle is not an event: the session's IdleMonitor polls `idleSeconds()` (powerMonitor.getSystemIdleTime),
 * so someone typing in another application counts as present.
 */
export class ElectronPowerEvents implements PowerEvents {
  constructor(private readonly powerMonitor: PowerMonitorLike) {}

  on(listener: (event: PowerEvent) => void): () => void {
    const bound = FORWARDED.map((event) => [event, () => listener(event)] as const);
    for (const [event, handler] of bound) this.powerMonitor.on(event, handler);
    return () => {
      for (const [event, handler] of bound) this.powerMonitor.removeListener(event, handler);
    };
  }

  idleSeconds(): number {
    return this.powerMonitor.getSystemIdleTime();
  }
}
