import { useState } from 'react';
import type { BridgeError } from '../bridge.js';
import { ActivationProgress } from '../components/activation-progress.js';
import { ErrorMessage } from '../components/error-message.js';
import { RequestTimeline } from '../components/request-timeline.js';
import { RequestWait } from '../team/request-wait.js';
import { isPending, lastEvent, type RequestTrack } from '../state/access-store.js';
import { isCancellable } from '../state/activation-phases.js';
import { useGroupLabel } from '../hooks/use-group-label.js';
import { useAccess, useServices } from '../state/services-context.js';

function PendingRow({ track, label, requireApproval }: { track: RequestTrack; label: string; requireApproval: boolean }) {
  const { access } = useServices();
  const [error, setError] = useState<BridgeError | null>(null);
  const phase = lastEvent(track)?.phase ?? 'Submitted';
  return (
    <li className="list-item">
      <div className="list-row">
        <strong>{label}</strong>
        {isCancellable(phase) ? (
          <button type="button" aria-label={`Cancel request for ${label}`} onClick={async () => setError(await access.getState().cancel(track))}>
            Cancel
          </button>
        ) : null}
      </div>
      <ActivationProgress events={track.events} requireApproval={requireApproval} label={label} />
      {phase === 'PendingApproval' ? <RequestWait accountId={track.accountId} requestId={track.requestId} phase={phase} /> : null}
      <details>
        <summary>Timeline</summary>
        <RequestTimeline events={track.events} label={label} />
      </details>
      {error ? <ErrorMessage code={error.code} message={error.message} onDismiss={() => setError(null)} /> : null}
    </li>
  );
}

/** Requests still in flight (submitted, waiting for approval, provisioning, propagating), with Cancel. */
export function PendingRequests() {
  const requests = useAccess((s) => s.requests);
  const eligible = useAccess((s) => s.eligible);
  const groupLabel = useGroupLabel();
  const pending = Object.values(requests).filter(isPending);
  return (
    <section className="card" aria-labelledby="pending-title">
      <h2 id="pending-title">Pending requests</h2>
      {pending.length === 0 ? (
        <p className="muted">No request is waiting.</p>
      ) : (
        <ul className="plain-list">
          {pending.map((track) => {
            const group = eligible.find((g) => g.groupId === track.groupId && g.accountId === track.accountId);
            return <PendingRow key={track.requestId} track={track} label={group ? groupLabel(group) : track.groupId} requireApproval={group?.policy.requireApproval ?? true} />;
          })}
        </ul>
      )}
    </section>
  );
}
