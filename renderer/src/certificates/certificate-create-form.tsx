import { useState, type FormEvent } from 'react';
import type { CertificateOperationDto, CertificateTemplateDto } from '../../../shared/domain/certificates.js';
import { toBridgeError, unwrap, type BridgeError } from '../bridge.js';
import { ErrorMessage } from '../components/error-message.js';
import { useServices } from '../state/services-context.js';
import { CertificateOperation } from './certificate-operation.js';

/** The key choices Key Vault offers for certificates (RSA sizes, EC curves). */
const KEYS = { 'RSA 2048': { keyType: 'RSA', keySize: 2048 }, 'RSA 3072': { keyType: 'RSA', keySize: 3072 }, 'RSA 4096': { keyType: 'RSA', keySize: 4096 }, 'EC P-256': { keyType: 'EC', curve: 'P-256' }, 'EC P-384': { keyType: 'EC', curve: 'P-384' }, 'EC P-521': { keyType: 'EC', curve: 'P-521' } } as const;
type KeyChoice = keyof typeof KEYS;

/** Splits a list typed with commas, spaces or new lines. */
function list(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((t) => t.trim())
    .filter(Boolean);
}

/**
 * "New certificate" for an officer: a policy template — issuer (Self-signed, Unknown = a request to
 * have signed elsewhere, or a named issuer configured in the vault), subject, DNS names and e-mail
 * SANs, key, validity and content type — then the request followed until it is issued or waits for
 * the signed certificate. The form checks the obvious; Key Vault's refusal is shown in its words.
 */
export function CertificateCreateForm({ vault, onChanged, onClose }: { vault: string; onChanged(): void; onClose(): void }) {
  const { bridge } = useServices();
  const [name, setName] = useState('');
  const [issuerKind, setIssuerKind] = useState<'Self' | 'Unknown' | 'named'>('Self');
  const [issuerName, setIssuerName] = useState('');
  const [subject, setSubject] = useState('');
  const [dnsNames, setDnsNames] = useState('');
  const [emails, setEmails] = useState('');
  const [key, setKey] = useState<KeyChoice>('RSA 2048');
  const [months, setMonths] = useState(12);
  const [contentType, setContentType] = useState<CertificateTemplateDto['contentType']>('application/x-pkcs12');
  const [exportable, setExportable] = useState(true);
  const [failure, setFailure] = useState<BridgeError | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<CertificateOperationDto | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    const problem = !/^[0-9A-Za-z-]{1,127}$/.test(name)
      ? 'A certificate name has 1–127 letters, digits and dashes.'
      : issuerKind === 'named' && !issuerName.trim()
        ? 'Type the name of the issuer configured in the vault.'
        : !subject.trim() && list(dnsNames).length === 0
          ? 'Give a subject (for example CN=www.contoso.example) or at least one DNS name.'
          : null;
    if (problem) return setFailure(toBridgeError(new Error(problem)));
    const subjectText = subject.trim() || `CN=${list(dnsNames)[0]}`;
    const template: CertificateTemplateDto = {
      issuer: issuerKind === 'named' ? issuerName.trim() : issuerKind,
      subject: subjectText,
      dnsNames: list(dnsNames),
      emails: list(emails),
      ...KEYS[key],
      validityMonths: months,
      contentType,
      exportable,
    };
    setBusy(true);
    try {
      setCreated(await unwrap(bridge.cert.create({ vault, name, template })));
      onChanged();
    } catch (error) {
      setFailure(toBridgeError(error));
    } finally {
      setBusy(false);
    }
  };

  if (created) {
    return (
      <section className="cert-create" aria-label={`New certificate ${created.name}`}>
        <h3>New certificate {created.name}</h3>
        <CertificateOperation vault={vault} name={created.name} initial={created} onChanged={onChanged} />
        <button type="button" onClick={onClose}>
          Close
        </button>
      </section>
    );
  }
  return (
    <form className="cert-create" onSubmit={(e) => void submit(e)} aria-label={`New certificate in ${vault}`}>
      <h3>New certificate in {vault}</h3>
      <label>
        Certificate name
        <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={127} placeholder="web-contoso-2027" />
      </label>
      <fieldset>
        <legend>Issuer</legend>
        <label className="radio">
          <input type="radio" name="issuer" checked={issuerKind === 'Self'} onChange={() => setIssuerKind('Self')} /> Self-signed
        </label>
        <label className="radio">
          <input type="radio" name="issuer" checked={issuerKind === 'Unknown'} onChange={() => setIssuerKind('Unknown')} /> Unknown (CSR signed by your CA)
        </label>
        <label className="radio">
          <input type="radio" name="issuer" checked={issuerKind === 'named'} onChange={() => setIssuerKind('named')} /> Named issuer
        </label>
        {issuerKind === 'named' ? (
          <label>
            Issuer name
            <input value={issuerName} onChange={(e) => setIssuerName(e.target.value)} maxLength={127} placeholder="Contoso-Issuing-CA" />
          </label>
        ) : null}
      </fieldset>
      <label>
        Subject
        <input value={subject} onChange={(e) => setSubject(e.target.value)} maxLength={1024} placeholder="CN=www.contoso.example, O=Contoso Ltd" />
      </label>
      <label>
        DNS names (SANs)
        <input value={dnsNames} onChange={(e) => setDnsNames(e.target.value)} placeholder="www.contoso.example, contoso.example" />
      </label>
      <label>
        E-mail names (SANs)
        <input value={emails} onChange={(e) => setEmails(e.target.value)} placeholder="optional" />
      </label>
      <div className="cert-create-row">
        <label>
          Key
          <select value={key} onChange={(e) => setKey(e.target.value as KeyChoice)}>
            {Object.keys(KEYS).map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
        <label>
          Validity (months)
          <input type="number" min={1} max={1200} value={months} onChange={(e) => setMonths(Number(e.target.value))} required />
        </label>
        <label>
          Content type
          <select value={contentType} onChange={(e) => setContentType(e.target.value as CertificateTemplateDto['contentType'])}>
            <option value="application/x-pkcs12">PKCS#12 (PFX)</option>
            <option value="application/x-pem-file">PEM</option>
          </select>
        </label>
      </div>
      <label className="radio">
        <input type="checkbox" checked={exportable} onChange={(e) => setExportable(e.target.checked)} /> Private key exportable (Save PFX, copy PEM key)
      </label>
      <div className="button-row">
        <button type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create certificate'}
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
      {failure ? <ErrorMessage code={failure.code} message={failure.message} /> : null}
    </form>
  );
}
