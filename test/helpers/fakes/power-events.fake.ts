import type { PowerEvent, PowerEventMap, PowerEvents } from '../../../main/services/ports/power-events.js';
import { TypedEmitter } from '../../../main/services/events/typed-emitter.js';

/** In-memory PowerEvents: tests `emit` OS events and set the OS idle time. */
export class FakePowerEvents implements PowerEvents {
  private readonly events = new TypedEmitter<PowerEventMap>();
  private idle = 0;

  on<K extends keyof PowerEventMap>(event: K, listener: (e: PowerEventMap[K]) => void): () => void {
    return this.events.on(event, listener);
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
    this.events.emit('power', event);
  }

  /** Subscribers still attached (tests prove `dispose()` unsubscribes). */
  listenerCount(): number {
    return this.events.listenerCount('power');
  }
}
