import type { CertificateItemDto } from '../../../shared/domain/certificates.js';
import { EXPIRY_HORIZON_DAYS, expiryBadge } from '../../../shared/domain/expiry.js';
import { ExpiryBadge } from '../expiry/expiry-badge.js';
import { formatDateTime } from '../util/format.js';

const DAY_MS = 86_400_000;
const RENEWAL_WORDS = { auto: 'Auto-renews', email: 'E-mails its contacts', none: 'No renewal action' } as const;

/** The state badges of a certificate row: pending, or its expiry urgency; auto-renew when set. Words, never colour alone. */
export function CertificateBadges({ certificate, now }: { certificate: CertificateItemDto; now: number }) {
  return (
    <>
      {certificate.pending ? (
        <span className="badge badge-warn" title="A create or renew operation is under way (or a CSR waits for its merge)">
          Pending
        </span>
      ) : certificate.expiresOn !== undefined && certificate.expiresOn - now <= EXPIRY_HORIZON_DAYS * DAY_MS ? (
        // The expiry overview's badges (expired, 1/7/30/90 days); further away needs no badge.
        <ExpiryBadge badge={expiryBadge(certificate.expiresOn, now)} />
      ) : null}
      {certificate.renewal === 'auto' ? (
        <span className="badge" title={`Key Vault renews it by itself${certificate.renewalTrigger ? `, ${certificate.renewalTrigger}` : ''}`}>
          Auto-renew
        </span>
      ) : null}
    </>
  );
}

/** "Expires 12 Dec 2026, 10:00" / "Expired …" / "Not issued yet". */
export function validityWords(certificate: CertificateItemDto, now: number): string {
  if (certificate.expiresOn === undefined) return certificate.pending ? 'Not issued yet' : '—';
  return `${certificate.expiresOn <= now ? 'Expired' : 'Expires'} ${formatDateTime(certificate.expiresOn)}`;
}

/**
 * What identifies a certificate at a glance (the popup's details of the selected row): subject,
 * SANs, issuer, thumbprint, key type, expiry and renewal. Metadata only, readable without access.
 */
export function CertificateFacts({ certificate, now }: { certificate: CertificateItemDto; now: number }) {
  const rows: [string, string, boolean?][] = [
    ['Subject', certificate.subject ?? '—'],
    ['Names', certificate.subjectAlternativeNames?.join(', ') ?? '—'],
    ['Issuer', certificate.issuer ?? (certificate.issuerName ? `${certificate.issuerName} (policy)` : '—')],
    ['Thumbprint', certificate.thumbprint ?? '—', true],
    ['Key', certificate.keyType ?? '—'],
    ['Valid', validityWords(certificate, now)],
    ['Renewal', certificate.renewal ? `${RENEWAL_WORDS[certificate.renewal]}${certificate.renewalTrigger ? `, ${certificate.renewalTrigger}` : ''}` : '—'],
  ];
  return (
    <dl className="item-fields cert-facts">
      {rows.map(([label, value, mono]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd className={mono ? 'mono' : undefined}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
