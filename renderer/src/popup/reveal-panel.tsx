import type { KeyboardEvent } from 'react';
import { useNow } from '../hooks/use-now.js';
import { useSecrets, useServices } from '../state/services-context.js';
import { formatCountdown, secondsLeft } from '../util/format.js';
import { LargeType } from './large-type.js';

/**
 * The revealed value: a read-only monospace field (selectable, copyable), an auto-hide countdown, an
 * optional large-type view. Renders nothing when no value is revealed, so the value exists in the DOM
 * only while shown; the store drops it at the deadline, on Esc, on Hide and on lock.
 */
export function RevealPanel({ allowLargeType }: { allowLargeType: boolean }) {
  const { secrets } = useServices();
  const revealed = useSecrets((s) => s.revealed);
  const now = useNow(revealed !== null, 250);
  if (!revealed) return null;
  const remaining = revealed.hideAt - now;
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      secrets.getState().hide();
    }
  };
  return (
    <section className="reveal-panel" aria-label={`Value of ${revealed.name}`} onKeyDown={onKeyDown}>
      <label htmlFor="revealed-value" className="reveal-label">
        {revealed.name} <span className="muted">({revealed.vault})</span>
      </label>
      <input
        id="revealed-value"
        className="mono reveal-value"
        type="text"
        readOnly
        value={revealed.value}
        spellCheck={false}
        autoComplete="off"
        autoCorrect="off"
        autoCapitalize="off"
        onFocus={(event) => event.currentTarget.select()}
      />
      <div className="reveal-actions">
        <span className="countdown" role="timer" aria-label={`Hides in ${secondsLeft(remaining)} seconds`}>
          Hides in <span className="mono">{formatCountdown(remaining)}</span>
        </span>
        {allowLargeType ? (
          <button type="button" aria-pressed={revealed.largeType} onClick={() => secrets.getState().toggleLargeType()}>
            Large type
          </button>
        ) : null}
        <button type="button" onClick={() => secrets.getState().hide()}>
          Hide
        </button>
      </div>
      {revealed.largeType && allowLargeType ? <LargeType value={revealed.value} /> : null}
    </section>
  );
}
