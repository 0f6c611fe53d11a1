import type { CertificateService } from '../certificates/certificate.service.js';
import type { ExpiringItem, ExpirySource, ExpirySourceEvents } from './expiry-source.js';

/**
 * Certificates (their current version) from the certificate listing. Reading the items starts the
 * listing of vaults never listed yet (`catalogListingOnce`): the overview and its notifications need
 * the certificates even when nobody opened the certificates view. Auto-renew is the policy's
 * AutoRenew lifetime action (`renewal: 'auto'`); a pending create/renew keeps the old expiry.
 */
export class CertificateExpirySource implements ExpirySource {
  readonly kind = 'certificate' as const;

  constructor(private readonly certificates: Pick<CertificateService, 'catalogListingOnce' | 'on'>) {}

  items(): ExpiringItem[] {
    const found: ExpiringItem[] = [];
    for (const item of this.certificates.catalogListingOnce().items) {
      if (item.expiresOn === undefined) continue;
      found.push({ kind: 'certificate', vault: item.vault, name: item.name, expiresOn: item.expiresOn, enabled: item.enabled !== false, autoRenew: item.renewal === 'auto' });
    }
    return found;
  }

  /** 'changed' whenever a certificate listing changed. */
  on<K extends keyof ExpirySourceEvents>(_event: K, listener: (e: ExpirySourceEvents[K]) => void): () => void {
    return this.certificates.on('changed', () => listener({}));
  }
}
