import { useEffect, useRef, useState } from 'react';
import type { ActiveActivationDto, LockReason, VaultStatusDto } from '../../../shared/domain/types.js';
import { toBridgeError, unwrap, type BridgeError } from '../bridge.js';
import { ErrorMessage } from '../components/error-message.js';
import type { LockNotice } from '../state/app-store.js';
import { useAccess, useApp, useServices } from '../state/services-context.js';
import { formatTime } from '../util/format.js';

const NO_VAULTS: VaultStatusDto[] = [];

/** Why JIT Vault locked, in plain words. */
export function lockReasonText(reason: LockReason, idleMinutes?: number): string {
  switch (reason) {
    case 'expired':
      return 'Your access ended: the PIM activation expired.';
    case 'revoked':
      return 'Your access was removed in Azure (the activation was revoked or ended early).';
    case 'deactivated':
      return 'You ended the activation.';
    case 'os-lock':
      return 'Your computer was locked.';
    case 'suspend':
      return 'Your computer went to sleep.';
    case 'idle':
      return idleMinutes ? `There was no activity for ${idleMinutes} minutes.` : 'There was no activity for a while.';
    case 'quit':
      return 'JIT Vault is closing.';
    case 'manual':
      return 'You locked JIT Vault.';
    case 'clock-jump':
      return "The computer's clock changed suddenly, so JIT Vault locked to be safe.";
    case 'signed-out':
      return 'You signed out.';
  }
}

/** Lock reasons after which the PIM activation itself is over: only a new request opens the vaults. */
const ACCESS_ENDED: ReadonlySet<LockReason> = new Set(['expired', 'revoked', 'deactivated', 'signed-out']);

/**
 * When the activation that opened one of these vaults still runs in Azure: JIT Vault locked only
 * this computer (Lock now, idle, OS lock, sleep), so the way back is "Unlock again", not a new request.
 */
function liveUntil(lock: LockNotice, vaults: VaultStatusDto[], active: ActiveActivationDto[], now: number): number | null | undefined {
  if (ACCESS_ENDED.has(lock.reason)) return undefined;
  const groups = new Set(lock.vaults.map((name) => vaults.find((v) => v.name === name)?.pimGroupId?.toLowerCase()).filter(Boolean));
  const live = active.filter((a) => groups.has(a.groupId.toLowerCase()) && (a.endsAt === null || a.endsAt > now));
  if (live.length === 0) return undefined;
  return live.some((a) => a.endsAt === null) ? null : Math.max(...live.map((a) => a.endsAt!));
}

/**
 * The lock view: what locked, why, and that revealed values and the clipboard were cleared. The
 * values are already gone from state and DOM (the lock event purges them before this renders).
 * While the activation still runs, it offers "Unlock again" (presence is checked by main) instead
 * of sending the user to request access they already have.
 */
export function LockView({ lock }: { lock: LockNotice }) {
  const { app, bridge } = useServices();
  const idleMinutes = useApp((s) => s.state?.settings.idleLockMinutes);
  const vaults = useApp((s) => s.state?.vaults ?? NO_VAULTS);
  const active = useAccess((s) => s.active);
  const [unlock, setUnlock] = useState<'idle' | 'working' | BridgeError>('idle');
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => button.current?.focus(), []);
  const until = liveUntil(lock, vaults, active, Date.now());
  const unlockAgain = async () => {
    setUnlock('working');
    try {
      await unwrap(bridge.vault.refresh({}));
      app.getState().dismissLock();
    } catch (error) {
      setUnlock(toBridgeError(error));
    }
  };
  return (
    <main className="center-view lock-view" aria-labelledby="lock-title">
      <h1 id="lock-title">
        <span aria-hidden="true">🔒 </span>Locked
      </h1>
      <p className="lock-reason">{lockReasonText(lock.reason, idleMinutes)}</p>
      {lock.vaults.length ? (
        <p>
          Locked vaults: <strong>{lock.vaults.join(', ')}</strong> at {formatTime(lock.at)}.
        </p>
      ) : null}
      <p>Revealed values were hidden and the clipboard was cleared if it still held a secret.</p>
      {until !== undefined ? (
        <p className="lock-next">
          Your access in Azure is still active{until === null ? '' : ` until ${formatTime(until)}`}: unlock again to use these vaults — no new request needed.
        </p>
      ) : (
        <p className="lock-next">Request access again to open these vaults.</p>
      )}
      {typeof unlock === 'object' ? <ErrorMessage code={unlock.code} message={unlock.message} /> : null}
      <div className="button-row">
        {until !== undefined ? (
          <button ref={button} type="button" className="primary" disabled={unlock === 'working'} onClick={() => void unlockAgain()}>
            {unlock === 'working' ? 'Unlocking…' : 'Unlock again'}
          </button>
        ) : null}
        <button ref={until === undefined ? button : undefined} type="button" className={until === undefined ? 'primary' : undefined} onClick={() => app.getState().dismissLock()}>
          Continue
        </button>
      </div>
    </main>
  );
}
