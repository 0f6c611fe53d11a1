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

/** A port the overview reads from; `onChange` fires when its items may have changed. */
export interface ExpirySource {
  readonly kind: ExpiringItem['kind'];
  /** The items that carry an expiry date now. */
  items(): ExpiringItem[];
  /** Subscribes to changes; returns the unsubscribe function. */
  onChange(listener: () => void): () => void;
}
