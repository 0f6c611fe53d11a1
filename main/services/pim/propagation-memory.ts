/**
 * How long Key Vault took to accept a PIM group after Provisioned, per vault, as observed: what
 * the readiness probes schedule from next time (propagation for the same vault and tenant tends to
 * repeat). Times only — never a token or a value.
 */
export interface PropagationMemory {
  /** The last observed propagation for `vault` (ms after Provisioned), if any. */
  get(vault: string): number | undefined;
  record(vault: string, propagationMs: number): void;
}

/** PropagationMemory for this run of the app (forgotten at quit). */
export class InMemoryPropagationMemory implements PropagationMemory {
  private readonly observed = new Map<string, number>();

  get(vault: string): number | undefined {
    return this.observed.get(vault.toLowerCase());
  }

  record(vault: string, propagationMs: number): void {
    this.observed.set(vault.toLowerCase(), Math.max(0, propagationMs));
  }
}
