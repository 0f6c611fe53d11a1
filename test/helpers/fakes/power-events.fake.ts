import type { PowerEvent, PowerEvents } from '../../../main/services/ports/power-events.js';

/** In-memory PowerEvents: tests `emit` OS events and set the OS idle time. */
export class FakePowerEvents implements PowerEvents {
  private listeners = new Set<(event: PowerEvent) => void>();
  private idle = 0;

  on(listener: (event: PowerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  idleSeconds(): number {
    return this.idle;
  }

  /** Sets what `idleSeconds()` reports (the OS's time since the last keyboard/mouse input). */
  setIdleSeconds(seconds: number): void {
    this.idle = seconds;
  }

  /** Delivers an OS event to every subscriber, synchronously like Electron's powerMonitor. */
  emit(event: PowerEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }

  /** Subscribers still attached (tests prove `dispose()` unsubscribes). */
  listenerCount(): number {
    return this.listeners.size;
  }
}
