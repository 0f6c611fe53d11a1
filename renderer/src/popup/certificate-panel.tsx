import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { toBridgeError, unwrap, type BridgeError } from '../bridge.js';
import { ErrorMessage } from '../components/error-message.js';
import type { CertificateLookupItem } from '../state/certificate-lookup.js';
import { useServices } from '../state/services-context.js';
import { CertificateBadges, CertificateFacts } from './certificate-summary.js';

type PublicFormat = 'pem' | 'cer' | 'chain';

const SAVED_AS: Record<PublicFormat, string> = { pem: 'PEM', cer: 'DER (.cer)', chain: 'full chain PEM' };

/**
 * Enter on a certificate in the quick lookup: its details and its public parts to save (.pem, .cer —
 * no activation needed; the full chain is read with the private key's secret, so Key Vault asks for
 * the vault unlocked). The first save button has focus, so Enter again saves the .pem; Esc closes.
 * The PFX and the officer's actions live in the access window's Certificates tab, one button away.
 */
export function CertificatePanel({ item, onClose }: { item: CertificateLookupItem; onClose(): void }) {
  const { bridge } = useServices();
  const { certificate } = item;
  const first = useRef<HTMLButtonElement>(null);
  const [status, setStatus] = useState('');
  const [failure, setFailure] = useState<BridgeError | null>(null);
  const now = Date.now();
  const issued = certificate.pending !== true;

  useEffect(() => {
    // With nothing to save yet (pending), the way to the access window takes the focus instead.
    first.current?.focus();
  }, []);

  const save = async (format: PublicFormat) => {
    setFailure(null);
    setStatus('Saving…');
    try {
      const result = await unwrap(bridge.cert.savePublic({ vault: certificate.vault, name: certificate.name, format }));
      setStatus(result.saved ? `Saved as ${result.fileName} (${SAVED_AS[format]}).` : 'Not saved (cancelled).');
    } catch (error) {
      setStatus('');
      setFailure(toBridgeError(error));
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    onClose();
  };

  return (
    <section className="certificate-panel" aria-labelledby="certificate-panel-title" onKeyDown={onKeyDown}>
      <div className="certificate-panel-head">
        <h2 id="certificate-panel-title">{certificate.name}</h2>
        <CertificateBadges certificate={certificate} now={now} />
      </div>
      <p className="item-where">
        {item.customer ? <span className="customer-tag">{item.customer}</span> : null}
        <span className="muted">{item.vaultDisplayName ?? item.vault}</span>
      </p>
      <CertificateFacts certificate={certificate} now={now} />
      {certificate.detailsError ? <ErrorMessage code={certificate.detailsError.code} message={certificate.detailsError.message} role="status" /> : null}
      <div className="button-row" role="group" aria-label={`Save the public certificate of ${certificate.name}`}>
        {issued ? (
          <>
            <button ref={first} type="button" className="primary" onClick={() => void save('pem')}>
              Save .pem
            </button>
            <button type="button" onClick={() => void save('cer')}>
              Save .cer
            </button>
            <button type="button" onClick={() => void save('chain')} title="The full chain is read with the private key's secret: Key Vault asks for the vault unlocked">
              Save full chain
            </button>
          </>
        ) : (
          <span className="muted">Not issued yet: nothing to save until Key Vault has issued it.</span>
        )}
      </div>
      <div className="button-row">
        <button ref={issued ? undefined : first} type="button" onClick={() => void bridge.window.openMain({ tab: 'certificates' })} title="PFX, versions and the officer's actions">
          Open in the access window
        </button>
        <button type="button" onClick={onClose} aria-keyshortcuts="Escape">
          Close
        </button>
      </div>
      <p role="status" className="cert-status">
        {status}
      </p>
      {failure ? <ErrorMessage code={failure.code} message={failure.message} onDismiss={() => setFailure(null)} /> : null}
    </section>
  );
}
