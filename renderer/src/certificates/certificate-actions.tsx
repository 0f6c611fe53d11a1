import { useState, type FormEvent } from 'react';
import type { CertificateItemDto, CertificateOfficerAccessDto } from '../../../shared/domain/certificates.js';
import { unwrap } from '../bridge.js';
import { ErrorMessage } from '../components/error-message.js';
import { useServices } from '../state/services-context.js';
import { CertificateOfficerActions } from './certificate-officer-actions.js';
import { useActionStatus } from './use-action-status.js';

/**
 * What can be done with one certificate: save the public parts (no activation), save a PFX with a
 * password or copy a PEM private key (both need the vault unlocked), and — for a Certificates
 * Officer only (`access`, asked of Key Vault) — the officer's actions. Results and refusals are said
 * in words in a live region; Key Vault decides who may do what.
 */
export function CertificateActions({ item, access, onChanged }: { item: CertificateItemDto; access: CertificateOfficerAccessDto | null; onChanged(): void }) {
  const { bridge } = useServices();
  const { status, failure, run, fail } = useActionStatus();
  const [pfxOpen, setPfxOpen] = useState(false);
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const ref = { vault: item.vault, name: item.name };

  const save = (format: 'cer' | 'pem' | 'chain') =>
    run('Saving', async () => {
      const result = await unwrap(bridge.cert.savePublic({ ...ref, format }));
      return result.saved ? `Saved as ${result.fileName}.` : 'Not saved (cancelled).';
    });
  const savePfx = (event: FormEvent) => {
    event.preventDefault();
    if (password.length < 8) return fail(new Error('Choose a password of at least 8 characters: it is all that protects the private key in the file.'));
    if (password !== confirm) return fail(new Error('The two passwords differ. Type the same password twice.'));
    void run('Saving the PFX', async () => {
      const result = await unwrap(bridge.cert.savePfx({ ...ref, password }));
      setPassword('');
      setConfirm('');
      setPfxOpen(false);
      return result.saved ? `PFX saved as ${result.fileName}, protected by your password.` : 'PFX not saved (cancelled).';
    });
  };
  const copyKey = () =>
    run('Copying the private key', async () => {
      const { clearsAt } = await unwrap(bridge.cert.copyPrivateKey(ref));
      return `Private key copied (PEM). The clipboard is cleared in ${Math.max(1, Math.round((clearsAt - Date.now()) / 1000))} s.`;
    });

  const pending = item.pending === true;
  return (
    <div className="cert-actions">
      <div className="button-row" role="group" aria-label={`Save ${item.name}`}>
        <button type="button" disabled={pending} onClick={() => void save('pem')}>
          Save .pem
        </button>
        <button type="button" disabled={pending} onClick={() => void save('cer')}>
          Save .cer
        </button>
        <button type="button" disabled={pending} onClick={() => void save('chain')} title="The full chain is read with the private key: needs the vault unlocked">
          Save full chain
        </button>
        <button type="button" disabled={pending || item.exportable === false} aria-expanded={pfxOpen} onClick={() => setPfxOpen((open) => !open)}>
          Save PFX…
        </button>
        {item.contentType === 'application/x-pem-file' ? (
          <button type="button" disabled={pending || item.exportable === false} onClick={() => void copyKey()} title="Needs the vault unlocked; the clipboard is cleared after a few seconds">
            Copy PEM private key
          </button>
        ) : null}
      </div>
      {pfxOpen ? (
        <form className="pfx-form" onSubmit={savePfx} aria-label="Save PFX">
          <p className="field-hint">The private key is saved only inside a PFX protected by this password. Needs the vault unlocked (request access first).</p>
          <label>
            PFX password
            <input type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} minLength={8} maxLength={256} required />
          </label>
          <label>
            Repeat the password
            <input type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} maxLength={256} required />
          </label>
          <button type="submit">Save PFX</button>
        </form>
      ) : null}
      <p role="status" className="cert-status">
        {status}
      </p>
      {failure ? <ErrorMessage code={failure.code} message={failure.message} /> : null}
      {access?.officer ? <CertificateOfficerActions item={item} onChanged={onChanged} /> : null}
      {access && !access.officer ? <p className="field-hint">Renewing, merging and deleting need the Key Vault Certificates Officer role in this vault.</p> : null}
    </div>
  );
}
