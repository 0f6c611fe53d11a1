import type { Logger } from '../ports/logger.js';

/**
 * A minimal typed event emitter: the one event style of main's services and ports. Each declares
 * its events by name (`{ locked: {...}; unlocked: {...} }`, or one named stream such as PimService's
 * `activation` when the order across kinds matters) and exposes `on(event, listener)` returning
 * the unsubscribe function. Listeners run synchronously in subscription order; a listener that
 * throws is logged and skipped, so one broken UI subscriber can never stop a lock from completing
 * (the lock's own side effects run after the event).
 */
export class TypedEmitter<Events extends Record<string, unknown>> {
  private listeners = new Map<keyof Events, Set<(event: never) => void>>();

  constructor(private readonly logger?: Logger) {}

  /** Subscribes; returns the unsubscribe function. */
  on<K extends keyof Events>(event: K, listener: (event: Events[K]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as (event: never) => void);
    return () => {
      set.delete(listener as (event: never) => void);
    };
  }

  /** Delivers `payload` to every listener of `event`. */
  emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) {
      try {
        (listener as (event: Events[K]) => void)(payload);
      } catch (error) {
        this.logger?.error('event listener threw', { event: String(event), error: error instanceof Error ? error.name : 'unknown' });
      }
    }
  }

  /** How many listeners `event` has now (tests prove a dispose unsubscribed). */
  listenerCount(event: keyof Events): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  /** Drops every listener (dispose). */
  clear(): void {
    this.listeners.clear();
  }
}
