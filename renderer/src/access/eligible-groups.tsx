import { useState } from 'react';
import type { EligibleGroupDto } from '../../../shared/domain/types.js';
import { toBridgeError } from '../bridge.js';
import { PolicySummary } from '../components/policy-summary.js';
import { GroupTeam } from '../team/group-team.js';
import { RequestForm } from '../components/request-form.js';
import { groupLabeller, vaultLabel } from '../state/group-lookup.js';
import { useAccess, useApp, useServices } from '../state/services-context.js';
import { formatDateTime } from '../util/format.js';

function GroupCard({ group }: { group: EligibleGroupDto }) {
  const { access } = useServices();
  const state = useApp((s) => s.state);
  const [open, setOpen] = useState(false);
  const [submitted, setSubmitted] = useState(false);
  const label = groupLabeller(state?.accounts ?? [])(group);
  const statuses = state?.vaults ?? [];
  return (
    <li className="list-item group-card">
      <div className="list-row">
        <h3 className="group-name">{label}</h3>
        <button type="button" aria-expanded={open} aria-label={`Request access to ${group.displayName}`} onClick={() => setOpen(!open)}>
          Request access
        </button>
      </div>
      {group.description ? <p className="muted">{group.description}</p> : null}
      <PolicySummary policy={group.policy} />
      <p>
        Unlocks: {group.vaults.length ? group.vaults.map((vault) => vaultLabel(vault, statuses)).join(', ') : <span className="muted">no configured vault</span>}
      </p>
      {group.eligibleUntil ? <p className="muted">You are eligible until {formatDateTime(group.eligibleUntil)}.</p> : null}
      <GroupTeam accountId={group.accountId} groupId={group.groupId} />
      {submitted ? <p role="status">Request submitted — follow it under Pending requests.</p> : null}
      {open ? (
        <RequestForm
          groups={[group]}
          templates={state?.justificationTemplates ?? []}
          onCancel={() => setOpen(false)}
          onSubmit={async (request) => {
            try {
              await access.getState().activate({
                accountId: group.accountId,
                groupId: group.groupId,
                justification: request.justification,
                durationMinutes: request.durationMinutes,
                ...(request.ticketNumber ? { ticketNumber: request.ticketNumber } : {}),
              });
              setOpen(false);
              setSubmitted(true);
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
