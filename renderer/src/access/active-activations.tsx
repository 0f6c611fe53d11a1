import { useState } from 'react';
import type { ActiveActivationDto, EligibleGroupDto, RequestedWithDto } from '../../../shared/domain/types.js';
import { toBridgeError, type BridgeError } from '../bridge.js';
import { ErrorMessage } from '../components/error-message.js';
import { RequestForm } from '../components/request-form.js';
import { useGroupLabel } from '../hooks/use-group-label.js';
import { useTemplates } from '../hooks/use-templates.js';
import { useNow } from '../hooks/use-now.js';
import { useAccess, useServices } from '../state/services-context.js';
import { formatCountdown, formatTime } from '../util/format.js';

/** One activation in force: live countdown, Deactivate, Extend (a pre-filled request). */
function ActivationRow({ activation, group, now }: { activation: ActiveActivationDto; group: EligibleGroupDto | undefined; now: number }) {
  const { access, bridge } = useServices();
  const templatesFor = useTemplates();
  /** The Extend form's pre-fill while it is open (null: closed); 'reading' while main asks Graph for it. */
  const [extending, setExtending] = useState<RequestedWithDto | 'reading' | null>(null);
  const [error, setError] = useState<BridgeError | null>(null);
  const name = useGroupLabel()({ displayName: group?.displayName ?? activation.groupName ?? activation.groupId, accountId: activation.accountId, tenantId: activation.tenantId });
  const permanent = activation.endsAt === null;
  return (
    <li className="list-item">
      <div className="list-row">
        <span>
          <strong>{name}</strong>{' '}
          {permanent ? (
            <span className="muted">standing membership</span>
          ) : (
            <span>
              ends in <span className="mono countdown">{formatCountdown(activation.endsAt! - now)}</span>{' '}
              <span className="muted">(at {formatTime(activation.endsAt!)})</span>
            </span>
          )}
          {group?.vaults.length ? <span className="muted"> · unlocks {group.vaults.join(', ')}</span> : null}
        </span>
        {activation.assignmentType === 'Activated' ? (
          <span className="button-row">
            {group ? (
              <button
                type="button"
                aria-expanded={extending !== null && extending !== 'reading'}
                aria-busy={extending === 'reading' || undefined}
                aria-label={`Extend ${name}`}
                onClick={async () => {
                  if (extending !== null) return setExtending(null); // a click while Graph answers cancels too
                  // Extend asks for the same thing again: start from what the running activation was
                  // requested with. Read now, not with every activations refresh (a Graph call each);
                  // when Graph cannot say, the form opens empty.
                  setExtending('reading');
                  const answer = await bridge.pim.requestedWith({ accountId: activation.accountId, groupId: activation.groupId });
                  setExtending((now) => (now === 'reading' ? (answer.ok ? answer.value : {}) : now));
                }}
              >
                Extend
              </button>
            ) : null}
            <button type="button" aria-label={`Deactivate ${name}`} onClick={async () => setError(await access.getState().deactivate(activation))}>
              Deactivate
            </button>
          </span>
        ) : null}
      </div>
      {error ? <ErrorMessage code={error.code} message={error.message} onDismiss={() => setError(null)} /> : null}
      {extending !== null && extending !== 'reading' && group ? (
        <RequestForm
          groups={[group]}
          templatesFor={templatesFor}
          {...(extending.justification ? { initialJustification: extending.justification } : {})}
          {...(extending.ticketNumber ? { initialTicket: extending.ticketNumber } : {})}
          submitLabel="Extend"
          onCancel={() => setExtending(null)}
          onSubmit={async (request) => {
            try {
              await access.getState().extend({
                accountId: group.accountId,
                groupId: group.groupId,
                justification: request.justification,
                durationMinutes: request.durationMinutes,
                ...(request.ticketNumber ? { ticketNumber: request.ticketNumber } : {}),
              });
              setExtending(null);
              return null;
            } catch (failure) {
              return toBridgeError(failure);
            }
          }}
        />
      ) : null}
    </li>
  );
}

/** Activations in force, with live countdowns. */
export function ActiveActivations() {
  const active = useAccess((s) => s.active);
  const eligible = useAccess((s) => s.eligible);
  const now = useNow(active.length > 0);
  return (
    <section className="card" aria-labelledby="active-title">
      <h2 id="active-title">Active access</h2>
      {active.length === 0 ? (
        <p className="muted">No group is active. Request access below or from the quick lookup.</p>
      ) : (
        <ul className="plain-list">
          {active.map((activation) => (
            <ActivationRow
              key={`${activation.accountId}/${activation.instanceId}`}
              activation={activation}
              group={eligible.find((g) => g.groupId === activation.groupId && g.accountId === activation.accountId)}
              now={now}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
