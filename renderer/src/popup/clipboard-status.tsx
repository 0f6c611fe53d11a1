import { useNow } from '../hooks/use-now.js';
import { useSecrets } from '../state/services-context.js';
import { formatCountdown, secondsLeft } from '../util/format.js';

/**
 * "Copied X — clipboard clears in 0:27": the visible countdown until main clears the clipboard
 * (re-anchored by 'clipboard:countdown' events), then what happened ('clipboard:cleared').
 */
export function ClipboardStatus() {
  const clipboard = useSecrets((s) => s.clipboard);
  const note = useSecrets((s) => s.clipboardNote);
  const now = useNow(clipboard !== null);
  if (!clipboard && !note) return <div className="clipboard-status" role="status" />;
  if (!clipboard) {
    return (
      <div className="clipboard-status" role="status">
        {note}
      </div>
    );
  }
  const remaining = clipboard.clearsAt - now;
  return (
    <div className="clipboard-status is-counting" role="status">
      <span>
        Copied {clipboard.what === 'username' ? 'the username of ' : ''}
        <strong>{clipboard.name}</strong>
        {/* The customer's tag closes the sentence (a period after the badge stood apart from it). */}
        {clipboard.customer ? <span className="customer-tag">{clipboard.customer}</span> : '.'}
      </span>{' '}
      <span className="countdown" aria-label={`Clipboard clears in ${secondsLeft(remaining)} seconds`}>
        Clipboard clears in <span className="mono">{formatCountdown(remaining)}</span>
      </span>
    </div>
  );
}
