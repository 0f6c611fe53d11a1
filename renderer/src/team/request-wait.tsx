import { useEffect, useRef, useState } from 'react';
import type { RequestWaitDto } from '../../../shared/domain/approvals.js';
import { unwrap } from '../bridge.js';
import { useServices } from '../state/services-context.js';
import { formatDateTime } from '../util/format.js';

/**
 * While a request waits for approval: who can approve (users and groups by name), since when, when
 * it lapses, and a reminder the user copies or sends from their own mail — JIT Vault sends nothing.
 */
export function RequestWait({ accountId, requestId, phase }: { accountId: string; requestId: string; phase: string }) {
  const { bridge } = useServices();
  const [info, setInfo] = useState<RequestWaitDto | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const text = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    let live = true;
    unwrap(bridge.approvals.requestInfo({ accountId, requestId })).then(
      (value) => live && setInfo(value),
      () => live && setInfo(null),
    );
    return () => {
      live = false;
    };
  }, [bridge, accountId, requestId, phase]);

  if (!info || info.outcome !== 'waiting') return null;
  const reminder = `${info.reminder.subject}\n\n${info.reminder.body}`;
  async function copy() {
    try {
      await navigator.clipboard.writeText(reminder);
      setCopied('Reminder copied — paste it into a message to an approver.');
    } catch {
      // No clipboard permission: select the text so Ctrl+C copies it.
      text.current?.select();
      setCopied('Press Ctrl+C (⌘C) to copy the selected reminder.');
    }
  }
  return (
    <div className="request-wait">
      <p>
        Who can approve: <span className="approver-names">{info.approvers.length ? info.approvers.map((a) => (a.kind === 'group' ? `${a.displayName} (group)` : a.displayName)).join(', ') : 'your administrators'}</span>
      </p>
      <p className="muted">
        Waiting since {formatDateTime(info.waitingSince)}
        {info.lapsesAt ? ` · lapses ${formatDateTime(info.lapsesAt)} if nobody decides` : ''}
      </p>
      <details>
        <summary>Remind an approver</summary>
        <textarea ref={text} readOnly rows={5} value={reminder} aria-label="Reminder text" />
        <div className="button-row">
          <button type="button" onClick={() => void copy()}>
            Copy reminder
          </button>
          <a href={info.reminder.mailto}>Open in your mail app</a>
        </div>
        {copied ? <p role="status">{copied}</p> : null}
      </details>
    </div>
  );
}
