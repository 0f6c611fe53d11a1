import { useCallback, useMemo, useState } from 'react';
import type { CertificateCatalogDto, CertificateItemDto, CertificateOfficerAccessDto, CertificateVersionDto } from '../../../shared/domain/certificates.js';
import { toBridgeError, unwrap, type BridgeError } from '../bridge.js';
import { ErrorMessage } from '../components/error-message.js';
import { ImportCertificate } from './import-certificate.js';
import { useServices } from '../state/services-context.js';
import { useMainRead } from '../hooks/use-main-read.js';
import { formatDateTime } from '../util/format.js';
import { CertificateActions } from './certificate-actions.js';
import { CertificateVaultTools } from './certificate-vault-tools.js';
import { useOfficerAccess } from './use-officer-access.js';

const DAY = 86_400_000;

/** The expiry badge: expired, or days left (under 30 stands out). */
function expiryText(expiresOn: number | undefined, now: number): { text: string; tone: 'expired' | 'soon' | 'ok' } {
  if (expiresOn === undefined) return { text: 'no expiry yet', tone: 'ok' };
  const days = Math.floor((expiresOn - now) / DAY);
  if (expiresOn <= now) return { text: `expired ${formatDateTime(expiresOn)}`, tone: 'expired' };
  return { text: days === 0 ? 'expires today' : `expires in ${days} day${days === 1 ? '' : 's'}`, tone: days < 30 ? 'soon' : 'ok' };
}

const RENEWAL = { auto: 'Auto-renew', email: 'E-mails contacts', none: 'No renewal action' } as const;

function Details({ item, now, access, onChanged }: { item: CertificateItemDto; now: number; access: CertificateOfficerAccessDto | null; onChanged(): void }) {
  const { bridge } = useServices();
  const [versions, setVersions] = useState<CertificateVersionDto[] | null>(null);
  const [failure, setFailure] = useState<BridgeError | null>(null);
  const loadVersions = async () => {
    try {
      setVersions(await unwrap(bridge.cert.versions({ vault: item.vault, name: item.name })));
    } catch (error) {
      setFailure(toBridgeError(error));
    }
  };
  return (
    <div className="cert-details" aria-label={`Details of ${item.name}`}>
      <dl className="facts">
        <dt>Subject</dt>
        <dd>{item.subject ?? '—'}</dd>
        <dt>Names (SANs)</dt>
        <dd>{item.subjectAlternativeNames?.join(', ') ?? '—'}</dd>
        <dt>Issuer</dt>
        <dd>{item.issuer ?? (item.issuerName ? `${item.issuerName} (policy)` : '—')}</dd>
        <dt>Thumbprint (SHA-1)</dt>
        <dd className="mono">{item.thumbprint ?? '—'}</dd>
        <dt>Key</dt>
        <dd>{item.keyType ?? '—'}</dd>
        <dt>Valid</dt>
        <dd>{item.notBefore && item.expiresOn ? `${formatDateTime(item.notBefore)} – ${formatDateTime(item.expiresOn)} (${expiryText(item.expiresOn, now).text})` : 'not issued yet'}</dd>
        <dt>Renewal</dt>
        <dd>{item.renewal ? `${RENEWAL[item.renewal]}${item.renewalTrigger ? `, ${item.renewalTrigger}` : ''}` : '—'}</dd>
        <dt>Vault</dt>
        <dd>{item.vaultDisplayName ? `${item.vaultDisplayName} (${item.vault})` : item.vault}</dd>
      </dl>
      {item.detailsError ? <ErrorMessage code={item.detailsError.code} message={item.detailsError.message} role="status" /> : null}
      {versions ? (
        <ol className="cert-versions" aria-label="Versions, newest first">
          {versions.map((v) => (
            <li key={v.version}>
              <span className="mono">{v.version.slice(0, 8)}</span> {v.createdOn ? `created ${formatDateTime(v.createdOn)}` : ''} · {expiryText(v.expiresOn, now).text}
            </li>
          ))}
        </ol>
      ) : (
        <button type="button" onClick={() => void loadVersions()}>
          Show versions
        </button>
      )}
      {failure ? <ErrorMessage code={failure.code} message={failure.message} /> : null}
      <CertificateActions item={item} access={access} onChanged={onChanged} />
    </div>
  );
}

/**
 * The certificate catalog (access window, "Certificates" tab): every configured vault's
 * certificates with their expiry badge and renewal, filtered by name, subject, SAN, customer or
 * vault; choosing one shows its details (subject, SANs, issuer, thumbprint, key, versions on demand)
 * and what can be done with it. Re-read when main says a vault's certificates changed.
 */
export function CertificatesView() {
  const { bridge } = useServices();
  const read = useCallback(() => unwrap(bridge.cert.list()), [bridge]);
  const subscribe = useCallback((changed: () => void) => bridge.on('cert:catalog', changed), [bridge]);
  const { data: catalog, failure, reload: load } = useMainRead<CertificateCatalogDto>(read, subscribe);
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<string | undefined>();
  const [toolsVault, setToolsVault] = useState<string | undefined>();
  const now = Date.now();
  const { access, reload: reloadAccess } = useOfficerAccess((catalog?.vaults ?? []).map((v) => v.vault).join('\n'));
  const officerVaults = [...access.values()].filter((a) => a.officer);
  const tools = officerVaults.find((a) => a.vault === toolsVault) ?? officerVaults[0];
  const changed = () => {
    void load();
    void reloadAccess();
  };

  const items = useMemo(() => {
    const q = query.trim().toLowerCase();
    const all = catalog?.items ?? [];
    const hit = (i: CertificateItemDto) => !q || [i.name, i.subject, i.customer, i.vault, ...(i.subjectAlternativeNames ?? [])].some((t) => t?.toLowerCase().includes(q));
    return all.filter(hit).sort((a, b) => (a.expiresOn ?? Infinity) - (b.expiresOn ?? Infinity));
  }, [catalog, query]);

  if (failure && !catalog) return <ErrorMessage code={failure.code} message={failure.message} />;
  const listing = catalog?.vaults.some((v) => v.listing === 'listing' || (v.listing === 'idle' && v.listedAt === undefined));
  return (
    <section className="card certificates" aria-labelledby="certificates-title">
      <h2 id="certificates-title">Certificates</h2>
      {/* Offered only where the user is a Certificates Officer: anyone else would be refused by Key Vault after choosing a file. */}
      {officerVaults.length > 0 ? <ImportCertificate catalog={catalog} vaults={officerVaults.map((a) => a.vault)} onImported={() => void load()} /> : null}
      <label className="cert-search">
        Find a certificate
        <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Name, host, subject, customer" />
      </label>
      {tools ? (
        <section className="cert-officer-tools" aria-labelledby="cert-officer-tools-title">
          <h3 id="cert-officer-tools-title">Officer tools</h3>
          <label>
            Vault
            <select value={tools.vault} onChange={(e) => setToolsVault(e.target.value)}>
              {officerVaults.map((a) => (
                <option key={a.vault}>{a.vault}</option>
              ))}
            </select>
          </label>
          <CertificateVaultTools key={tools.vault} vault={tools.vault} contacts={tools.contacts} onChanged={changed} />
        </section>
      ) : null}
      {listing ? <p role="status">Listing certificates…</p> : null}
      {catalog?.vaults
        .filter((v) => v.error)
        .map((v) => (
          <ErrorMessage key={v.vault} code={v.error!.code} message={v.error!.message} role="status" />
        ))}
      <ul className="cert-list" aria-label="Certificates, soonest expiry first">
        {items.map((item) => {
          const expiry = expiryText(item.expiresOn, now);
          const open = selected === item.key;
          return (
            <li key={item.key} className={`cert-row ${open ? 'open' : ''}`}>
              <button type="button" className="cert-summary" aria-expanded={open} onClick={() => setSelected(open ? undefined : item.key)}>
                <strong>{item.name}</strong> <span className="cert-vault">{item.customer ? `${item.customer} · ` : ''}{item.vault}</span>{' '}
                <span className={`badge expiry-${expiry.tone}`}>{item.pending ? 'pending request' : expiry.text}</span>{' '}
                {item.renewal === 'auto' ? <span className="badge">auto-renew</span> : null}
              </button>
              {open ? <Details item={item} now={now} access={access.get(item.vault) ?? null} onChanged={changed} /> : null}
            </li>
          );
        })}
      </ul>
      {catalog && items.length === 0 && !listing ? <p>{query ? 'No certificate matches.' : 'No certificates in the configured vaults.'}</p> : null}
    </section>
  );
}
