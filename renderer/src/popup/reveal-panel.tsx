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
  const structured = readableStructure(revealed.value);
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
        {revealed.customer ? <span className="customer-tag">{revealed.customer}</span> : null} {revealed.name} <span className="muted">({revealed.vault})</span>
      </label>
      {structured ? (
        <textarea
          id="revealed-value"
          className="mono reveal-value reveal-structured"
          readOnly
          rows={Math.min(6, structured.split('\n').length)}
          value={structured}
          spellCheck={false}
          autoComplete="off"
          autoCorrect="off"
          autoCapitalize="off"
          wrap="off"
        />
      ) : (
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
      )}
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

/**
 * A value with structure, laid out readably: JSON pretty-printed, multi-line text (PEM keys,
 * connection strings on several lines) kept as lines. Undefined for a one-line value.
 */
export function readableStructure(value: string): string | undefined {
  const trimmed = value.trim();
  if ((trimmed.startsWith('{') && trimmed.endsWith('}')) || (trimmed.startsWith('[') && trimmed.endsWith(']'))) {
    try {
      return JSON.stringify(JSON.parse(trimmed), null, 2);
    } catch {
      // not JSON after all: fall through
    }
  }
  return value.includes('\n') ? value : undefined;
}
