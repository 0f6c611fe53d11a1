import { useEffect, useState } from 'react';
import type { GroupTeamDto } from '../../../shared/domain/approvals.js';
import { unwrap } from '../bridge.js';
import { useServices } from '../state/services-context.js';
import { formatDateTime } from '../util/format.js';

const timeOfDay = (ms: number) => new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });

/**
 * Who else holds a group now ("Jamie Chen is in this group until 14:30"), shown before requesting so
 * two engineers do not reset the same password at once, and the group's recent activations. Only
 * what Graph lets the user read: when nothing is readable, nothing is said.
 */
export function GroupTeam({ accountId, groupId }: { accountId: string; groupId: string }) {
  const { bridge } = useServices();
  const [team, setTeam] = useState<GroupTeamDto | null>(null);
  useEffect(() => {
    let live = true;
    unwrap(bridge.team.group({ accountId, groupId })).then(
      (value) => live && setTeam(value),
      () => live && setTeam(null),
    );
    return () => {
      live = false;
    };
  }, [bridge, accountId, groupId]);
  if (!team || (team.holders.length === 0 && team.history.length === 0)) return null;
  return (
    <div className="group-team">
      {team.holders.map((h) => (
        <p key={h.principalId} className="holder" role="note">
          {h.displayName} is in this group {h.endsAt ? `until ${timeOfDay(h.endsAt)}` : '(standing member)'}
        </p>
      ))}
      {team.history.length ? (
        <details>
          <summary>Recent activity</summary>
          <ul className="plain-list" aria-label="Group history">
            {team.history.map((entry) => (
              <li key={entry.requestId}>
                {formatDateTime(entry.at)} {entry.displayName}: {entry.action === 'selfDeactivate' ? 'ended early' : 'requested'} ({entry.status})
                {entry.justification ? <span className="muted"> — {entry.justification}</span> : null}
                {entry.ticketNumber ? <span className="muted"> [{entry.ticketNumber}]</span> : null}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
