import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { ApprovalRequestDto, RequestWaitDto } from '../../../shared/domain/approvals.js';
import type { MainViewFocus } from '../../../shared/domain/main-view-focus.js';
import { toBridgeError, unwrap, type BridgeError } from '../bridge.js';
import { ErrorMessage } from '../components/error-message.js';
import { useMainRead } from '../hooks/use-main-read.js';
import { useServices } from '../state/services-context.js';
import { minutesInWords } from '../../../shared/domain/minutes-in-words.js';
import { formatDateTime } from '../util/format.js';

const CLOSED_TEXT: Record<RequestWaitDto['outcome'], string> = {
  waiting: 'still waiting',
  approved: 'approved',
  denied: 'denied',
  expired: 'expired — nobody decided in time',
  canceled: 'canceled by the requester',
  other: 'closed',
};

function ApprovalItem({ item, picked, onDone }: { item: ApprovalRequestDto; /** The request the user was taken to: its picked decision, or null (none picked). */ picked: 'Approve' | 'Deny' | null | undefined; onDone(message: string | null, error: BridgeError | null): void }) {
  const { bridge } = useServices();
  const id = useId();
  const [justification, setJustification] = useState('');
  const [busy, setBusy] = useState(false);
  const [missing, setMissing] = useState(false);
  const field = useRef<HTMLTextAreaElement>(null);
  const who = item.requester.displayName;

  // Opened from a notification's Approve/Deny (or a click on it): this request, ready for its justification.
  useEffect(() => {
    if (picked === undefined) return;
    field.current?.scrollIntoView?.({ block: 'center' }); // (absent in jsdom)
    field.current?.focus();
  }, [picked]);

  async function decide(decision: 'Approve' | 'Deny') {
    if (!justification.trim()) {
      setMissing(true);
      field.current?.focus();
      return;
    }
    setBusy(true);
    try {
      await unwrap(bridge.approvals.decide({ accountId: item.accountId, requestId: item.requestId, decision, justification: justification.trim() }));
      onDone(`${decision === 'Approve' ? 'Approved' : 'Denied'}: ${who}'s request for ${item.groupName}.`, null);
    } catch (error) {
      onDone(null, toBridgeError(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className="list-item approval-item" aria-label={`${who} asks for ${item.groupName}`}>
      <div className="list-row">
        <h3 className="group-name">
          {who} → {item.groupName}
        </h3>
      </div>
      <dl className="facts">
        <dt>Unlocks</dt>
        <dd>{item.vaults.length ? item.vaults.join(', ') : 'no configured vault'}</dd>
        <dt>For</dt>
        <dd>{item.durationMinutes ? minutesInWords(item.durationMinutes) : 'the policy maximum'}</dd>
        <dt>Reason</dt>
        <dd className="approval-justification">{item.justification || '(none given)'}</dd>
        {item.ticketNumber ? (
          <>
            <dt>Ticket</dt>
            <dd>{item.ticketSystem ? `${item.ticketNumber} (${item.ticketSystem})` : item.ticketNumber}</dd>
          </>
        ) : null}
        <dt>Requested</dt>
        <dd>{formatDateTime(item.requestedAt)}</dd>
        <dt>Lapses</dt>
        <dd>{formatDateTime(item.lapsesAt)}</dd>
      </dl>
      {picked ? (
        <p className="approval-picked" id={`${id}-picked`}>
          You chose {picked} in the notification. Say why, then press {picked}: nothing is sent before that.
        </p>
      ) : null}
      <label htmlFor={`${id}-why`}>Your justification (required)</label>
      <textarea
        id={`${id}-why`}
        ref={field}
        rows={2}
        maxLength={500}
        value={justification}
        aria-invalid={missing || undefined}
        aria-describedby={[missing ? `${id}-missing` : '', picked ? `${id}-picked` : ''].filter(Boolean).join(' ') || undefined}
        onChange={(e) => {
          setJustification(e.target.value);
          setMissing(false);
        }}
      />
      {missing ? (
        <p id={`${id}-missing`} className="field-error">
          Say why you approve or deny: the requester and the audit log see it.
        </p>
      ) : null}
      <div className="button-row">
        <button type="button" className={picked === 'Approve' ? 'primary' : undefined} disabled={busy} onClick={() => void decide('Approve')}>
          Approve
        </button>
        <button type="button" className={picked === 'Deny' ? 'primary' : undefined} disabled={busy} onClick={() => void decide('Deny')}>
          Deny
        </button>
      </div>
    </li>
  );
}

/**
 * Requests of others waiting for the signed-in user's decision, across accounts: who asks for which
 * group and what it unlocks, for how long, why, the ticket, when it was asked and when it lapses.
 * A decision always needs a justification. After every decision (or refusal) the list is re-read;
 * requests that left it since the last read are listed as closed with what became of them.
 * `focus` (from the quick lookup or a notification) scrolls to the panel and, for one request,
 * focuses its justification with the decision the user picked; nothing is decided for them.
 */
export function ApprovalsPanel({ focus }: { focus?: MainViewFocus | undefined }) {
  const { bridge } = useServices();
  const read = useCallback(() => unwrap(bridge.approvals.list({})), [bridge]);
  const subscribe = useCallback((onChange: () => void) => bridge.on('approvals:inbox', onChange), [bridge]);
  const { data: items, failure, loading, reload: load } = useMainRead(read, subscribe);
  const [closed, setClosed] = useState<{ item: ApprovalRequestDto; info: RequestWaitDto }[]>([]);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<BridgeError | null>(null);
  const shown = useRef<ApprovalRequestDto[]>([]);
  const heading = useRef<HTMLHeadingElement>(null);
  const [focusNote, setFocusNote] = useState<string | null>(null);
  const handled = useRef<MainViewFocus | undefined>(undefined);

  // A read failure is shown like a refused decision (until dismissed, or the next read answers).
  useEffect(() => setError(failure), [failure]);

  // Requests that left the list since the last answer: listed as closed, with what became of them.
  useEffect(() => {
    if (items === null) return;
    const gone = shown.current.filter((old) => !items.some((n) => n.requestId === old.requestId));
    shown.current = items;
    if (!gone.length) return;
    void Promise.all(gone.map(async (item) => ({ item, info: await unwrap(bridge.approvals.requestInfo({ accountId: item.accountId, requestId: item.requestId })).catch(() => null) }))).then((infos) => {
      const known = infos.filter((x): x is { item: ApprovalRequestDto; info: RequestWaitDto } => x.info !== null);
      if (known.length) setClosed((before) => [...known, ...before.filter((b) => !known.some((k) => k.item.requestId === b.item.requestId))].slice(0, 10));
    });
  }, [items, bridge]);

  // Taken here from elsewhere: once per request to focus, when the list is known.
  useEffect(() => {
    if (!focus || items === null || handled.current === focus) return;
    handled.current = focus;
    const waiting = focus.requestId ? items.some((i) => i.requestId === focus.requestId) : true;
    setFocusNote(waiting ? null : 'That request no longer waits for your decision: someone decided it, the requester withdrew it, or it lapsed.');
    if (!focus.requestId || !waiting) {
      heading.current?.scrollIntoView?.({ block: 'start' });
      heading.current?.focus();
    }
  }, [focus, items]);

  return (
    <section className="card" aria-labelledby="approvals-title" aria-busy={loading}>
      <div className="list-row">
        <h2 id="approvals-title" ref={heading} tabIndex={-1}>Requests to approve{items?.length ? ` (${items.length})` : ''}</h2>
        <button type="button" onClick={() => void load()}>
          Refresh
        </button>
      </div>
      {status ? <p role="status">{status}</p> : null}
      {focusNote ? <p className="muted">{focusNote}</p> : null}
      {error ? <ErrorMessage code={error.code} message={error.message} onDismiss={() => setError(null)} /> : null}
      {items === null ? (
        <p className="muted">Loading…</p>
      ) : items.length === 0 ? (
        <p className="muted">Nothing waits for your approval.</p>
      ) : (
        <ul className="plain-list">
          {items.map((item) => (
            <ApprovalItem
              key={item.requestId}
              item={item}
              picked={focus?.requestId === item.requestId ? (focus.decision ?? null) : undefined}
              onDone={(message, failure) => {
                setStatus(message);
                setError(failure);
                void load();
              }}
            />
          ))}
        </ul>
      )}
      {closed.length ? (
        <>
          <h3>Recently closed</h3>
          <ul className="plain-list" aria-label="Recently closed requests">
            {closed.map(({ item, info }) => (
              <li key={item.requestId} className="list-item" data-outcome={info.outcome}>
                {item.requester.displayName} → {item.groupName}: {CLOSED_TEXT[info.outcome]}
                {info.decidedBy ? ` by ${info.decidedBy}` : ''}
                {info.decisionJustification ? <span className="muted"> — “{info.decisionJustification}”</span> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
