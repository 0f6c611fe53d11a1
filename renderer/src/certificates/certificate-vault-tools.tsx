import { useState } from 'react';
import type { CertificateContactDto, DeletedCertificateDto } from '../../../shared/domain/certificates.js';
import { unwrap } from '../bridge.js';
import { useServices } from '../state/services-context.js';
import { formatDateTime } from '../util/format.js';
import { CertificateCreateForm } from './certificate-create-form.js';
import { ActionOutcome } from './action-outcome.js';
import { useActionStatus } from './use-action-status.js';

/** One contact per line: `e-mail[, name[, phone]]`. */
function contactsToText(contacts: CertificateContactDto[]): string {
  return contacts.map((c) => [c.email, c.name, c.phone].filter(Boolean).join(', ')).join('\n');
}

function textToContacts(text: string): CertificateContactDto[] {
  return text
    .split('\n')
    .map((line) => line.split(',').map((part) => part.trim()))
    .filter((parts) => parts[0])
    .map(([email, name, phone]) => ({ email: email!, ...(name ? { name } : {}), ...(phone ? { phone } : {}) }));
}

/**
 * A Certificates Officer's tools for one vault: create a certificate, the vault's certificate
 * contacts (who Key Vault e-mails before expiry), and the deleted certificates that can still be
 * recovered. Shown only when Key Vault says the user is an officer there.
 */
export function CertificateVaultTools({ vault, contacts, onChanged }: { vault: string; contacts: CertificateContactDto[]; onChanged(): void }) {
  const { bridge } = useServices();
  const [panel, setPanel] = useState<'none' | 'create' | 'contacts' | 'deleted'>('none');
  const [contactsText, setContactsText] = useState(contactsToText(contacts));
  const [deleted, setDeleted] = useState<DeletedCertificateDto[] | null>(null);
  const { status, failure, busy, run, clear } = useActionStatus();

  const open = (next: typeof panel) => {
    clear();
    setPanel(panel === next ? 'none' : next);
    if (next === 'contacts') setContactsText(contactsToText(contacts));
    if (next === 'deleted' && panel !== 'deleted') void run('Reading deleted certificates', async () => {
      const list = await unwrap(bridge.cert.deleted({ vault }));
      setDeleted(list);
      return list.length === 0 ? 'No deleted certificates to recover.' : '';
    });
  };
  const saveContacts = () =>
    run('Saving contacts', async () => {
      const list = textToContacts(contactsText);
      await unwrap(bridge.cert.setContacts({ vault, contacts: list }));
      onChanged();
      return list.length === 0 ? 'Contacts removed.' : `${list.length} contact${list.length === 1 ? '' : 's'} saved.`;
    });
  const recover = (name: string) =>
    run(`Recovering ${name}`, async () => {
      await unwrap(bridge.cert.recover({ vault, name }));
      setDeleted((list) => list?.filter((d) => d.name !== name) ?? null);
      onChanged();
      return `Recovered "${name}": it is back in the list.`;
    });

  return (
    <div className="cert-vault-tools" role="group" aria-label={`Officer tools for ${vault}`}>
      <div className="button-row">
        <button type="button" aria-expanded={panel === 'create'} onClick={() => open('create')}>
          New certificate…
        </button>
        <button type="button" aria-expanded={panel === 'contacts'} onClick={() => open('contacts')}>
          Contacts ({contacts.length})
        </button>
        <button type="button" aria-expanded={panel === 'deleted'} onClick={() => open('deleted')}>
          Deleted certificates
        </button>
      </div>
      {panel === 'create' ? <CertificateCreateForm vault={vault} onChanged={onChanged} onClose={() => setPanel('none')} /> : null}
      {panel === 'contacts' ? (
        <div className="cert-contacts">
          <label>
            Certificate contacts of {vault} — one per line: e-mail, name, phone
            <textarea value={contactsText} onChange={(e) => setContactsText(e.target.value)} rows={3} spellCheck={false} placeholder="pki@contoso.example, PKI team" />
          </label>
          <p className="field-hint">Key Vault e-mails these people when a certificate&apos;s policy says to warn before expiry. An empty box removes them all.</p>
          <button type="button" disabled={busy} onClick={() => void saveContacts()}>
            Save contacts
          </button>
        </div>
      ) : null}
      {panel === 'deleted' && deleted && deleted.length > 0 ? (
        <ul className="cert-deleted" aria-label={`Deleted certificates in ${vault}`}>
          {deleted.map((d) => (
            <li key={d.name}>
              <strong>{d.name}</strong> {d.deletedOn ? `deleted ${formatDateTime(d.deletedOn)}` : ''}
              {d.scheduledPurgeOn ? ` · recoverable until ${formatDateTime(d.scheduledPurgeOn)}` : ''}{' '}
              <button type="button" disabled={busy} aria-label={`Recover ${d.name}`} onClick={() => void recover(d.name)}>
                Recover
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <ActionOutcome status={status} failure={failure} />
    </div>
  );
}
