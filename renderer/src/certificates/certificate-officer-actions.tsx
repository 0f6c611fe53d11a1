import { useState, type FormEvent } from 'react';
import type { CertificateItemDto, CertificateOperationDto } from '../../../shared/domain/certificates.js';
import { unwrap } from '../bridge.js';
import { useServices } from '../state/services-context.js';
import { CertificateOperation } from './certificate-operation.js';
import { ActionOutcome } from './action-outcome.js';
import { useActionStatus } from './use-action-status.js';

type Trigger = 'days' | 'percent';

/**
 * What a Certificates Officer may do with one certificate: renew now, follow the pending request
 * (CSR, merge, cancel), change when the policy renews or warns, and delete it (soft delete, with a
 * second click to confirm). Shown only to an officer; Key Vault still decides, and its refusal is said.
 */
export function CertificateOfficerActions({ item, onChanged }: { item: CertificateItemDto; onChanged(): void }) {
  const { bridge } = useServices();
  const ref = { vault: item.vault, name: item.name };
  const [operation, setOperation] = useState<{ op: CertificateOperationDto; started: number } | undefined>();
  const [following, setFollowing] = useState(item.pending === true);
  const [renewalOpen, setRenewalOpen] = useState(false);
  const [action, setAction] = useState<'AutoRenew' | 'EmailContacts'>(item.renewal === 'email' ? 'EmailContacts' : 'AutoRenew');
  const [trigger, setTrigger] = useState<Trigger>('days');
  const [amount, setAmount] = useState(30);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const { status, failure, busy, run, fail } = useActionStatus();

  const renew = () =>
    run('Renewing', async () => {
      const op = await unwrap(bridge.cert.renew(ref));
      setOperation({ op, started: Date.now() }); // a new request: the follower starts again from it
      setFollowing(true);
      onChanged();
      return op.status === 'completed' ? 'Renewed: the new version is issued.' : 'Renewal requested: Key Vault is issuing the new version.';
    });
  const saveRenewal = (event: FormEvent) => {
    event.preventDefault();
    const max = trigger === 'percent' ? 99 : 3650;
    if (!Number.isInteger(amount) || amount < 1 || amount > max) return fail(new Error(trigger === 'percent' ? 'Give a percentage of the lifetime from 1 to 99.' : 'Give a whole number of days from 1 to 3650.'));
    void run('Saving the renewal', async () => {
      await unwrap(bridge.cert.setRenewal({ ...ref, action, ...(trigger === 'days' ? { daysBeforeExpiry: amount } : { lifetimePercentage: amount }) }));
      setRenewalOpen(false);
      onChanged();
      const when = trigger === 'days' ? `${amount} days before expiry` : `at ${amount} % of its lifetime`;
      return action === 'AutoRenew' ? `Key Vault will renew it ${when}.` : `Key Vault will e-mail the vault's contacts ${when}.`;
    });
  };
  const remove = () => {
    if (!confirmDelete) return setConfirmDelete(true);
    setConfirmDelete(false);
    void run('Deleting', async () => {
      await unwrap(bridge.cert.delete(ref));
      onChanged();
      return `Deleted. "${item.name}" can be recovered from the vault's deleted certificates while Key Vault keeps it.`;
    });
  };

  return (
    <div className="cert-officer" role="group" aria-label={`Officer actions for ${item.name}`}>
      <div className="button-row">
        <button type="button" disabled={busy || item.pending === true} onClick={() => void renew()}>
          Renew now
        </button>
        {!following ? (
          <button type="button" onClick={() => setFollowing(true)}>
            Pending request
          </button>
        ) : null}
        <button type="button" aria-expanded={renewalOpen} onClick={() => setRenewalOpen((open) => !open)}>
          Renewal…
        </button>
        <button type="button" disabled={busy} className={confirmDelete ? 'danger' : ''} onClick={remove} onBlur={() => setConfirmDelete(false)}>
          {confirmDelete ? `Confirm: delete ${item.name}` : 'Delete…'}
        </button>
      </div>
      {renewalOpen ? (
        <form className="cert-renewal-form" onSubmit={saveRenewal} aria-label={`Renewal of ${item.name}`}>
          <label>
            When it nears expiry
            <select value={action} onChange={(e) => setAction(e.target.value as typeof action)}>
              <option value="AutoRenew">Renew automatically</option>
              <option value="EmailContacts">E-mail the contacts</option>
            </select>
          </label>
          <label>
            Trigger
            <select value={trigger} onChange={(e) => setTrigger(e.target.value as Trigger)}>
              <option value="days">days before expiry</option>
              <option value="percent">% of its lifetime</option>
            </select>
          </label>
          <label>
            {trigger === 'days' ? 'Days' : 'Percent'}
            <input type="number" min={1} max={trigger === 'percent' ? 99 : 3650} value={amount} onChange={(e) => setAmount(Number(e.target.value))} required />
          </label>
          <button type="submit" disabled={busy}>
            Save renewal
          </button>
          {item.issuerName?.toLowerCase() === 'unknown' ? <p className="field-hint">A certificate signed outside Key Vault (issuer Unknown) cannot renew automatically: choose e-mail.</p> : null}
        </form>
      ) : null}
      {following ? <CertificateOperation key={operation?.started ?? 0} vault={item.vault} name={item.name} {...(operation ? { initial: operation.op } : {})} onChanged={onChanged} /> : null}
      <ActionOutcome status={status} failure={failure} />
    </div>
  );
}
