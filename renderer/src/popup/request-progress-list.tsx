import { ActivationProgress } from '../components/activation-progress.js';
import { useGroupLabel } from '../hooks/use-group-label.js';
import { useAccess } from '../state/services-context.js';

/** Progress of the requests submitted from this popup, so closing the request panel loses nothing. */
export function RequestProgressList() {
  const requests = useAccess((s) => s.requests);
  const eligible = useAccess((s) => s.eligible);
  const groupLabel = useGroupLabel();
  const mine = Object.values(requests).filter((track) => track.local);
  if (!mine.length) return null;
  return (
    <section className="progress-list" aria-label="Your access requests">
      {mine.map((track) => {
        const group = eligible.find((g) => g.groupId === track.groupId && g.accountId === track.accountId);
        const label = `${group ? groupLabel(group) : track.groupId}${track.thenOpen ? ` (then ${track.thenOpen.action} ${track.thenOpen.name})` : ''}`;
        return (
          <div key={track.requestId} className="progress-item">
            <p className="progress-label">{label}</p>
            <ActivationProgress events={track.events} requireApproval={group?.policy.requireApproval ?? true} label={label} />
          </div>
        );
      })}
    </section>
  );
}
