import type { CatalogSnapshot } from '../vault/catalog-snapshot.js';
import type { ExpiringItem, ExpirySource, ExpirySourceEvents } from './expiry-source.js';

/**
 * Secrets with an `exp` attribute, read from the catalog snapshot (the same metadata the search
 * shows: a locked vault listed through standing Key Vault Reader keeps its dates; names kept from an
 * earlier listing have none and so are not here). Certificates' managed secrets never reach the
 * catalog (the listing skips `managed: true`), so a certificate is not counted twice.
 */
export class SecretExpirySource implements ExpirySource {
  readonly kind = 'secret' as const;

  constructor(private readonly snapshot: Pick<CatalogSnapshot, 'current' | 'on'>) {}

  items(): ExpiringItem[] {
    const found: ExpiringItem[] = [];
    for (const item of this.snapshot.current().items) {
      if (item.expiresOn === undefined) continue;
      found.push({ kind: 'secret', vault: item.vault, name: item.name, expiresOn: item.expiresOn, enabled: item.enabled !== false });
    }
    return found;
  }

  /** 'changed' on every catalog diff. */
  on<K extends keyof ExpirySourceEvents>(_event: K, listener: (e: ExpirySourceEvents[K]) => void): () => void {
    return this.snapshot.on('diff', () => listener({}));
  }
}
