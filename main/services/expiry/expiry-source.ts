/**
 * Where the expiry overview gets its items: one source per kind (secrets from the catalog,
 * certificates from the certificate listing). Metadata only: a source never holds a value.
 */

/** One item that carries an expiry date. */
export interface ExpiringItem {
  kind: 'secret' | 'certificate';
  vault: string;
  name: string;
  /** Epoch ms. */
  expiresOn: number;
  enabled: boolean;
  /** Certificates: the policy renews it by itself. */
  autoRenew?: boolean;
}

/** A source's events by name (the TypedEmitter model): 'changed' when its items may have changed. */
export interface ExpirySourceEvents extends Record<string, unknown> {
  changed: Record<string, never>;
}

/** A port the overview reads from. */
export interface ExpirySource {
  readonly kind: ExpiringItem['kind'];
  /** The items that carry an expiry date now. */
  items(): ExpiringItem[];
  /** Subscribes to 'changed'; returns the unsubscribe function. */
  on<K extends keyof ExpirySourceEvents>(event: K, listener: (e: ExpirySourceEvents[K]) => void): () => void;
}
