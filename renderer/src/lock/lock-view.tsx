import { useEffect, useRef } from 'react';
import type { LockReason } from '../../../shared/domain/types.js';
import type { LockNotice } from '../state/app-store.js';
import { useApp, useServices } from '../state/services-context.js';
import { formatTime } from '../util/format.js';

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

/**
 * The lock view: what locked, why, and that revealed values and the clipboard were cleared. The
 * values are already gone from state and DOM (the lock event purges them before this renders).
 */
export function LockView({ lock }: { lock: LockNotice }) {
  const { app } = useServices();
  const idleMinutes = useApp((s) => s.state?.settings.idleLockMinutes);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => button.current?.focus(), []);
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
      <p>Revealed values were hidden and the clipboard was cleared if it still held a secret. Request access again to open these vaults.</p>
      <button ref={button} type="button" className="primary" onClick={() => app.getState().dismissLock()}>
        Continue
      </button>
    </main>
  );
}
