/** System events that must lock JIT Vault. */
export type PowerEvent = 'lock-screen' | 'suspend' | 'resume' | 'idle' | 'shutdown';

/** The port's events by name (the TypedEmitter model): one 'power' stream, in the order the OS sent them. */
export interface PowerEventMap extends Record<string, unknown> {
  power: PowerEvent;
}

/** Source of power/session events (Electron's powerMonitor in production). */
export interface PowerEvents {
  /** Subscribes; returns an unsubscribe function. */
  on<K extends keyof PowerEventMap>(event: K, listener: (e: PowerEventMap[K]) => void): () => void;
  /** Seconds the user has been idle, for the idle-lock timer. */
  idleSeconds(): number;
}
