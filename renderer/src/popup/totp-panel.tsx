import type { KeyboardEvent } from 'react';
import { useNow } from '../hooks/use-now.js';
import { useSecrets, useServices } from '../state/services-context.js';
import { formatCountdown, secondsLeft } from '../util/format.js';

/**
 * The current TOTP code of an otpauth:// item with its countdown to the next code (main computes
 * it; the seed never reaches the renderer). The customer stands on it, as on every value panel.
 */
export function TotpPanel() {
  const { secrets } = useServices();
  const totp = useSecrets((s) => s.totp);
  const now = useNow(totp !== null, 250);
  if (!totp) return null;
  const remaining = totp.validUntil - now;
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      secrets.getState().hide();
    }
  };
  return (
    <section className="reveal-panel totp-panel" aria-label={`One-time code of ${totp.name}`} onKeyDown={onKeyDown}>
      <div className="reveal-label">
        {totp.customer ? <span className="customer-tag">{totp.customer}</span> : null} {totp.name} <span className="muted">({totp.vault})</span>
      </div>
      <output className="mono totp-code" aria-live="polite">
        {totp.code.replace(/^(\d{3,4})(\d{3,4})$/, '$1 $2')}
      </output>
      <div className="reveal-actions">
        <span className="countdown" role="timer" aria-label={`New code in ${secondsLeft(remaining)} seconds`}>
          New code in <span className="mono">{formatCountdown(remaining)}</span>
        </span>
        <progress className="totp-progress" max={totp.periodSeconds * 1000} value={Math.max(0, remaining)} aria-hidden="true" />
        <button type="button" onClick={() => void secrets.getState().copy(totp)}>
          Copy code
        </button>
        <button type="button" onClick={() => secrets.getState().hide()}>
          Hide
        </button>
      </div>
    </section>
  );
}
