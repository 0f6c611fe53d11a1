import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { CatalogItemDto, VaultStatusDto } from '../../../shared/domain/types.js';
import { toBridgeError, unwrap, type BridgeError } from '../bridge.js';
import { ActivationProgress } from '../components/activation-progress.js';
import { ErrorMessage } from '../components/error-message.js';
import { RequestForm } from '../components/request-form.js';
import { isPending, lastEvent, type RequestTrack } from '../state/access-store.js';
import { formatTime } from '../util/format.js';
import { useGroupLabel } from '../hooks/use-group-label.js';
import { useTemplates } from '../hooks/use-templates.js';
import { groupIdForVault, groupsForVault } from '../state/group-lookup.js';
import { useAccess, useApp, useServices } from '../state/services-context.js';

/**
 * Where the item lives and whether that vault is open NOW: the panel outlives the request, so after
 * Ready (or main reporting the vault unlocked) it must not keep saying "locked".
 */
function vaultStateText(item: CatalogItemDto, statuses: VaultStatusDto[], following: RequestTrack | undefined): string {
  const where = `${item.name} is in ${item.vaultDisplayName ?? item.vault}`;
  const status = statuses.find((s) => s.name === item.vault);
  const ready = following ? lastEvent(following)?.phase === 'Ready' : false;
  if (!ready && (!status || status.access === 'locked')) return `${where}, which is locked.`;
  const endsAt = (following && lastEvent(following)?.endsAt) ?? status?.endsAt ?? undefined;
  return endsAt ? `${where}, which is unlocked until ${formatTime(endsAt)}.` : `${where}, which is unlocked.`;
}

export type OpenIntent = 'copy' | 'reveal' | 'none';

const INTENT_TEXT: Record<OpenIntent, string> = { copy: 'Copy it', reveal: 'Reveal it', none: 'Just unlock' };

/**
 * "Request access" inside the popup for a locked item: finds the group that unlocks the item's vault,
 * pre-fills the form, submits with `thenOpen`, then shows the progress line until Ready (when the
 * copy/reveal runs). Esc closes it (the request keeps going; its progress stays in the popup).
 */
export function RequestAccessPanel({ item, intent: initialIntent, onClose }: { item: CatalogItemDto; intent: OpenIntent; onClose(): void }) {
  const { access, bridge } = useServices();
  const active = useAccess((s) => s.active);
  const [reopen, setReopen] = useState<'idle' | 'working' | 'done' | BridgeError>('idle');
  const state = useApp((s) => s.state);
  const eligible = useAccess((s) => s.eligible);
  const loading = useAccess((s) => s.loading);
  const requests = useAccess((s) => s.requests);
  const [intent, setIntent] = useState<OpenIntent>(initialIntent);
  const [requestId, setRequestId] = useState<string | null>(null);
  const statuses = state?.vaults ?? [];
  const groups = groupsForVault(item.vault, statuses, eligible);
  const groupId = groupIdForVault(item.vault, statuses);
  const groupLabel = useGroupLabel();
  const templatesFor = useTemplates();
  const panel = useRef<HTMLElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  // Keyboard users land in the form's justification (the form focuses it); without a form, on its
  // first control ("Unlock again"); once submitted, on Close (the form is gone).
  const hasForm = groups.length > 0;
  useEffect(() => {
    const root = panel.current;
    if (!root || root.contains(document.activeElement)) return;
    root.querySelector<HTMLElement>('textarea, select, input, button')?.focus();
  }, [hasForm]);
  useEffect(() => {
    if (requestId) closeButton.current?.focus();
  }, [requestId]);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    onClose();
  };
  const following = requestId ? requests[requestId] : Object.values(requests).find((t) => isPending(t) && groupId && t.groupId === groupId);

  // The group is still active (e.g. after "Lock now" or an idle lock): re-open, don't request again.
  const running = groupId ? active.find((a) => a.groupId === groupId && (a.endsAt === null || a.endsAt > Date.now())) : undefined;

  let body;
  const reopened = statuses.find((s) => s.name === item.vault)?.access !== 'locked';
  if (running && !following && reopened) {
    // Unlocked again: the line above says until when; nothing left to do here but go back.
    body = <p role="status">Unlocked again — press Esc to go back to the list, then Enter to copy.</p>;
  } else if (running && !following) {
    body = (
      <div>
        <p>Your access to this vault's group is still active; JIT Vault locked it on this computer. Unlock it again to use it.</p>
        <button
          type="button"
          className="primary"
          disabled={reopen === 'working'}
          onClick={async () => {
            setReopen('working');
            try {
              await unwrap(bridge.vault.refresh({ vault: item.vault }));
              setReopen('done');
            } catch (error) {
              setReopen(toBridgeError(error));
            }
          }}
        >
          Unlock again
        </button>
        {reopen === 'done' ? <p role="status">Unlocking… the item opens as soon as Key Vault answers.</p> : null}
        {typeof reopen === 'object' ? <ErrorMessage code={reopen.code} message={reopen.message} /> : null}
      </div>
    );
  } else if (following) {
    const group = eligible.find((g) => g.groupId === following.groupId);
    body = <ActivationProgress events={following.events} requireApproval={group?.policy.requireApproval ?? true} label={group ? groupLabel(group) : following.groupId} />;
  } else if (!groupId) {
    body = <p>No PIM group is configured to unlock this vault. Ask an administrator to add it to JIT Vault's vault list.</p>;
  } else if (groups.length === 0 && loading) {
    body = <p role="status">Loading the groups you can activate…</p>;
  } else if (groups.length === 0) {
    body = <ErrorMessage code="pim-not-eligible" message={`The group that unlocks ${item.vault} is not one you are eligible for.`} role="status" />;
  } else {
    body = (
      <RequestForm
        groups={groups}
        templatesFor={templatesFor}
        groupLabel={groupLabel}
        extra={
          <fieldset className="field intent">
            <legend>When ready</legend>
            {(['copy', 'reveal', 'none'] as const).map((value) => (
              <label key={value} className="radio">
                <input type="radio" name="then-open" value={value} checked={intent === value} onChange={() => setIntent(value)} /> {INTENT_TEXT[value]}
              </label>
            ))}
          </fieldset>
        }
        onCancel={onClose}
        onSubmit={async (request) => {
          try {
            const id = await access.getState().activate({
              accountId: request.group.accountId,
              groupId: request.group.groupId,
              justification: request.justification,
              durationMinutes: request.durationMinutes,
              ...(request.ticketNumber ? { ticketNumber: request.ticketNumber } : {}),
              ...(intent !== 'none' ? { thenOpen: { vault: item.vault, name: item.name, action: intent } } : {}),
            });
            setRequestId(id);
            return null;
          } catch (error) {
            return toBridgeError(error);
          }
        }}
      />
    );
  }

  return (
    <section ref={panel} className="request-panel" aria-labelledby="request-panel-title" onKeyDown={onKeyDown}>
      <h2 id="request-panel-title" className="panel-title">
        Request access to {item.name}
      </h2>
      <p className="muted">{vaultStateText(item, statuses, following)}</p>
      {body}
      {following ? (
        <button ref={closeButton} type="button" onClick={onClose}>
          Close
        </button>
      ) : null}
    </section>
  );
}
