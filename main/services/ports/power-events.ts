/** System events that must lock JIT Vault. */
export type PowerEvent = 'lock-screen' | 'suspend' | 'resume' | 'idle' | 'shutdown';

/** Source of power/session events (Electron's powerMonitor in production). */
export interface PowerEvents {
  /** Subscribes; returns an unsubscribe function. */
  on(listener: (event: PowerEvent) => void): () => void;
  /** Seconds the user has been idle, for the idle-lock timer. */
  idleSeconds(): number;
}
