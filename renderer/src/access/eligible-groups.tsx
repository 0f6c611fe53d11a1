import { useState } from 'react';
import type { EligibleGroupDto } from '../../../shared/domain/types.js';
import { toBridgeError } from '../bridge.js';
import { PolicySummary } from '../components/policy-summary.js';
import { GroupTeam } from '../team/group-team.js';
import { RequestForm } from '../components/request-form.js';
import { useGroupLabel } from '../hooks/use-group-label.js';
import { useTemplates } from '../hooks/use-templates.js';
import { vaultLabel } from '../state/group-lookup.js';
import { useAccess, useApp, useServices } from '../state/services-context.js';
import { formatDateTime, formatTime } from '../util/format.js';
import { lastEvent, type RequestTrack } from '../state/access-store.js';
import { isFailure, PHASE_TEXT } from '../state/activation-phases.js';

/**
 * What became of the request this card submitted, in words that follow it: submitted while Azure
 * works on it, nothing once it is Ready (the card then says "Active until …"), the outcome if it failed.
 */
function SubmittedNote({ track }: { track: RequestTrack | undefined }) {
  const last = track ? lastEvent(track) : undefined;
  if (!track || last?.phase === 'Ready') return null;
  if (last && isFailure(last.phase)) return <p role="status">Your last request ended: {PHASE_TEXT[last.phase]}.</p>;
  return <p role="status">Request submitted — follow it under Pending requests.</p>;
}

function GroupCard({ group }: { group: EligibleGroupDto }) {
  const { access } = useServices();
  const state = useApp((s) => s.state);
  const active = useAccess((s) => s.active);
  const [open, setOpen] = useState(false);
  const [requestId, setRequestId] = useState<string | null>(null);
  const track = useAccess((s) => (requestId ? s.requests[requestId] : undefined));
  const label = useGroupLabel()(group);
  const templatesFor = useTemplates();
  const statuses = state?.vaults ?? [];
  const now = Date.now();
  // Azure refuses a second activation while one runs: say until when it runs instead of offering a request.
  const running = active.find((a) => a.accountId === group.accountId && a.groupId === group.groupId && (a.endsAt === null || a.endsAt > now));
  return (
    <li className="list-item group-card">
      <div className="list-row">
        <h3 className="group-name">{label}</h3>
        {running ? (
          <span className="badge badge-open">{running.endsAt === null ? 'Active' : `Active until ${formatTime(running.endsAt)}`}</span>
        ) : (
          <button type="button" aria-expanded={open} aria-label={`Request access to ${group.displayName}`} onClick={() => setOpen(!open)}>
            Request access
          </button>
        )}
      </div>
      {group.description ? <p className="muted">{group.description}</p> : null}
      <PolicySummary policy={group.policy} />
      <p>
        Unlocks: {group.vaults.length ? group.vaults.map((vault) => vaultLabel(vault, statuses)).join(', ') : <span className="muted">no configured vault</span>}
      </p>
      {group.eligibleUntil ? <p className="muted">You are eligible until {formatDateTime(group.eligibleUntil)}.</p> : null}
      <GroupTeam accountId={group.accountId} groupId={group.groupId} />
      <SubmittedNote track={track} />
      {open && !running ? (
        <RequestForm
          groups={[group]}
          templatesFor={templatesFor}
          onCancel={() => setOpen(false)}
          onSubmit={async (request) => {
            try {
              const id = await access.getState().activate({
                accountId: group.accountId,
                groupId: group.groupId,
                justification: request.justification,
                durationMinutes: request.durationMinutes,
                ...(request.ticketNumber ? { ticketNumber: request.ticketNumber } : {}),
              });
              setOpen(false);
              setRequestId(id);
              return null;
            } catch (error) {
              return toBridgeError(error);
            }
          }}
        />
      ) : null}
    </li>
  );
}

/** Groups the user may activate: policy, the vaults each unlocks, and a request form. */
export function EligibleGroups() {
  const eligible = useAccess((s) => s.eligible);
  const loading = useAccess((s) => s.loading);
  return (
    <section className="card" aria-labelledby="eligible-title">
      <h2 id="eligible-title">Groups you can activate</h2>
      {eligible.length === 0 ? (
        <p className="muted">{loading ? 'Loading…' : 'You are not eligible for any PIM group that JIT Vault knows about.'}</p>
      ) : (
        <ul className="plain-list">
          {eligible.map((group) => (
            <GroupCard key={`${group.accountId}/${group.groupId}`} group={group} />
          ))}
        </ul>
      )}
    </section>
  );
}
