import { useEffect, useRef, useState } from 'react';
import type { CertificateOperationDto } from '../../../shared/domain/certificates.js';
import { unwrap } from '../bridge.js';
import { useServices } from '../state/services-context.js';
import { ActionOutcome } from './action-outcome.js';
import { useActionStatus } from './use-action-status.js';

/** How often a pending operation is asked about while the officer watches it (Key Vault gives no push). */
export const OPERATION_POLL_MS = 2000;

const STEPS = ['Requested', 'Signed by the issuer', 'Issued'] as const;

/** Steps done: a pending request has been requested and waits on its issuer; a completed one is issued. */
function stepOf(op: CertificateOperationDto): number {
  return op.status === 'completed' ? STEPS.length : 1;
}

function headline(op: CertificateOperationDto): string {
  switch (op.status) {
    case 'completed':
      return 'Issued: the new version is in the list.';
    case 'cancelled':
      return 'Cancelled: Key Vault stopped this request.';
    case 'failed':
      return `Failed${op.error ? `: ${op.error}` : '.'}`;
    case 'none':
      return 'No request is pending.';
    default:
      return op.issuerName?.toLowerCase() === 'unknown'
        ? 'Waiting for the signed certificate: save the request (CSR), have your CA sign it, then paste the result below.'
        : `Key Vault is having the certificate issued${op.issuerName ? ` by ${op.issuerName === 'Self' ? 'itself (self-signed)' : op.issuerName}` : ''}…`;
  }
}

/**
 * Follows a certificate's pending create/renew operation for an officer: its steps with progress,
 * asked again every two seconds while it is in progress; for an `Unknown` issuer the CSR to save and
 * a box to paste the signed chain (Key Vault's refusal of a wrong one is said in its words); Cancel.
 */
export function CertificateOperation({ vault, name, initial, onChanged }: { vault: string; name: string; initial?: CertificateOperationDto; onChanged(): void }) {
  const { bridge } = useServices();
  const [op, setOp] = useState<CertificateOperationDto | null>(initial ?? null);
  const { status: note, failure, busy, run: act, fail } = useActionStatus();
  const [chain, setChain] = useState('');
  const changed = useRef(onChanged);
  changed.current = onChanged;
  const ref = { vault, name };

  const status = op?.status;
  useEffect(() => {
    if (status !== undefined && status !== 'inProgress') return;
    let stopped = false;
    const check = async () => {
      try {
        const next = await unwrap(bridge.cert.operation({ vault, name }));
        if (stopped) return;
        setOp(next);
        // Issued: list the vault again now, so its row shows the new version rather than "pending"
        // until the next listing.
        if (next.status === 'completed') await unwrap(bridge.cert.refresh({ vault })).finally(() => changed.current());
      } catch (error) {
        if (!stopped) fail(error);
      }
    };
    const timer = setTimeout(() => void check(), status === undefined ? 0 : OPERATION_POLL_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [bridge, vault, name, status, op, fail]);

  const saveCsr = () =>
    act('Saving the request', async () => {
      const result = await unwrap(bridge.cert.saveCsr(ref));
      return result.saved ? `Request saved as ${result.fileName}.` : 'Not saved (cancelled).';
    });
  const merge = () =>
    act('Merging', async () => {
      const next = await unwrap(bridge.cert.merge({ ...ref, chainPem: chain }));
      setChain('');
      setOp(next);
      await unwrap(bridge.cert.refresh({ vault })).finally(() => changed.current());
      return 'Merged: the signed certificate is now the current version.';
    });
  const cancel = () =>
    act('Cancelling', async () => {
      setOp(await unwrap(bridge.cert.cancelOperation(ref)));
      changed.current();
      return 'Cancel sent to Key Vault.';
    });

  if (!op) return <p role="status">Reading the pending request…</p>;
  const waitingForCa = op.status === 'inProgress' && op.issuerName?.toLowerCase() === 'unknown';
  const step = stepOf(op);
  return (
    <section className="cert-operation" aria-label={`Pending request of ${name}`}>
      <ol className="cert-steps">
        {STEPS.map((label, i) => (
          <li key={label} className={i < step ? 'done' : i === step ? 'current' : ''} aria-current={i === step ? 'step' : undefined}>
            {label}
          </li>
        ))}
      </ol>
      {op.status === 'inProgress' ? <progress aria-label="Issuing" /> : null}
      <p role="status" className="cert-status">
        {headline(op)}
      </p>
      {op.statusDetails && op.status === 'inProgress' ? <p className="field-hint">Key Vault: {op.statusDetails}</p> : null}
      {waitingForCa ? (
        <>
          <div className="button-row">
            <button type="button" disabled={busy} onClick={() => void saveCsr()}>
              Save request (.csr)
            </button>
          </div>
          <label className="cert-merge">
            Signed certificate (PEM, leaf first, then its chain)
            <textarea value={chain} onChange={(e) => setChain(e.target.value)} rows={4} spellCheck={false} placeholder="-----BEGIN CERTIFICATE-----" />
          </label>
        </>
      ) : null}
      {op.status === 'inProgress' ? (
        <div className="button-row">
          {waitingForCa ? (
            <button type="button" disabled={busy || chain.trim() === ''} onClick={() => void merge()}>
              Merge signed certificate
            </button>
          ) : null}
          <button type="button" disabled={busy} onClick={() => void cancel()}>
            Cancel request
          </button>
        </div>
      ) : null}
      <ActionOutcome status={note} failure={failure} />
    </section>
  );
}
