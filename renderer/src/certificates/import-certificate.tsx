import { useId, useState, type FormEvent } from 'react';
import type { CertificateImportFileDto } from '../../../shared/domain/certificate-import.js';
import type { CertificateCatalogDto } from '../../../shared/domain/certificates.js';
import { toBridgeError, unwrap, type BridgeError } from '../bridge.js';
import { ErrorMessage } from '../components/error-message.js';
import { useServices } from '../state/services-context.js';
import { formatDateTime } from '../util/format.js';

const NAME = /^[0-9A-Za-z-]{1,127}$/;

function describe(file: CertificateImportFileDto): string {
  const size = file.sizeBytes < 1024 ? `${file.sizeBytes} bytes` : `${Math.ceil(file.sizeBytes / 1024)} kB`;
  if (file.format === 'pfx') return `${file.fileName} · ${size} · PFX (PKCS#12)`;
  const certs = file.pem?.certificates ?? 0;
  const key = file.pem?.privateKey === 'encrypted' ? 'encrypted private key' : file.pem?.privateKey === 'plain' ? 'private key' : 'no private key';
  // Key Vault takes PKCS#8 keys only; main re-wraps an unencrypted older (PKCS#1/SEC1) key.
  const legacy = file.pem?.keyFormat === 'legacy' ? (file.pem.privateKey === 'plain' ? ' (older format: converted to PKCS#8 on import)' : ' (older format: Key Vault needs PKCS#8)') : '';
  return `${file.fileName} · ${size} · PEM: ${certs} certificate${certs === 1 ? '' : 's'}, ${key}${legacy}`;
}

/**
 * "Import certificate…" (Certificates tab): a PFX (with or without password) or a PEM with its key
 * becomes a certificate in a vault. Main opens the file dialog, checks the size and holds the file;
 * this form only ever sees its name, size and kind, then sends vault, name and password. `vaults` are
 * the vaults where the officer check passed; Key Vault still decides who may (Certificates Officer)
 * and whether the file is good. Its refusal is shown in words, and a wrong password can be typed
 * again without choosing the file again.
 */
export function ImportCertificate({ catalog, vaults, onImported }: { catalog: CertificateCatalogDto | null | undefined; vaults: readonly string[]; onImported(): void }) {
  const { bridge } = useServices();
  const ids = useId();
  const [open, setOpen] = useState(false);
  const [file, setFile] = useState<CertificateImportFileDto | null>(null);
  const [vault, setVault] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const [failure, setFailure] = useState<BridgeError | null>(null);
  const target = vault || vaults[0] || '';
  const exists = catalog?.items.some((i) => i.vault === target && i.name.toLowerCase() === name.toLowerCase()) ?? false;

  const choose = async () => {
    setFailure(null);
    setStatus('');
    try {
      const chosen = await unwrap(bridge.cert.chooseImportFile({}));
      if (!chosen) return;
      setFile(chosen);
      setName(chosen.suggestedName);
      setPassword('');
    } catch (error) {
      setFailure(toBridgeError(error));
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    if (!NAME.test(name)) return setFailure(toBridgeError(new Error('A certificate name has 1 to 127 letters, digits and dashes (no spaces or dots).')));
    setFailure(null);
    setBusy(true);
    setStatus(`Importing ${file.fileName}…`);
    try {
      const done = await unwrap(bridge.cert.import({ vault: target, name, fileId: file.fileId, ...(password ? { password } : {}) }));
      setStatus(
        `Imported ${file.fileName} as "${done.name}" in ${done.vault}${done.newVersionOfExisting ? ' (a new version)' : ''}` +
          `${done.subject ? `: ${done.subject}` : ''}${done.expiresOn ? `, expires ${formatDateTime(done.expiresOn)}` : ''}.`,
      );
      setFile(null);
      setPassword('');
      setOpen(false);
      onImported();
    } catch (error) {
      const failed = toBridgeError(error);
      setStatus('');
      setFailure(failed);
      if (/no longer held/.test(failed.message)) setFile(null);
    } finally {
      setBusy(false);
    }
  };

  // The file holds a private key: main drops it now rather than when its hold ends.
  const cancel = () => {
    if (file) void bridge.cert.forgetImportFile({ fileId: file.fileId });
    setFile(null);
    setPassword('');
    setFailure(null);
    setOpen(false);
  };

  return (
    <div className="cert-import">
      <button type="button" aria-expanded={open} aria-controls={`${ids}-form`} onClick={() => setOpen((o) => !o)}>
        Import certificate…
      </button>
      {open ? (
        <form id={`${ids}-form`} className="cert-import-form" aria-label="Import a certificate" onSubmit={(e) => void submit(e)}>
          <p className="field-hint">A PFX (.pfx, .p12) with or without a password, or a PEM file with the private key and its certificates. Importing needs Key Vault Certificates Officer.</p>
          <div className="button-row">
            <button type="button" onClick={() => void choose()}>
              {file ? 'Choose another file…' : 'Choose file…'}
            </button>
            <span className="cert-import-file" aria-live="polite">
              {file ? describe(file) : 'No file chosen.'}
            </span>
          </div>
          {file?.format === 'pem' && file.pem?.privateKey === 'none' ? (
            <p className="field-hint" role="status">
              This PEM holds no private key. Key Vault imports a certificate only with its key; to share a public certificate, send the .cer or .pem instead.
            </p>
          ) : null}
          {file ? (
            <>
              <label>
                Vault
                <select value={target} onChange={(e) => setVault(e.target.value)}>
                  {vaults.map((v) => (
                    <option key={v} value={v}>
                      {v}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                Certificate name
                <input type="text" value={name} onChange={(e) => setName(e.target.value)} maxLength={127} required aria-describedby={exists ? `${ids}-exists` : undefined} />
              </label>
              {exists ? (
                <p id={`${ids}-exists`} className="field-hint">
                  &quot;{name}&quot; already exists in {target}: the import becomes its new current version.
                </p>
              ) : null}
              {file.format === 'pfx' || file.pem?.privateKey === 'encrypted' ? (
                <label>
                  {file.format === 'pfx' ? 'PFX password (empty if it has none)' : 'Password of the private key'}
                  <input type="password" autoComplete="off" value={password} onChange={(e) => setPassword(e.target.value)} maxLength={256} />
                </label>
              ) : null}
              <div className="button-row">
                <button type="submit" disabled={busy || !target}>
                  Import
                </button>
                <button type="button" onClick={cancel}>
                  Cancel
                </button>
              </div>
            </>
          ) : null}
        </form>
      ) : null}
      <p role="status" className="cert-status">
        {status}
      </p>
      {failure ? <ErrorMessage code={failure.code} message={failure.message} title={failure.code === 'item-unsupported' ? 'Not imported' : undefined} /> : null}
    </div>
  );
}
