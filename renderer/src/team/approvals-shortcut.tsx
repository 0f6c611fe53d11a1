import { useEffect, useState } from 'react';
import { unwrap } from '../bridge.js';
import { useServices } from '../state/services-context.js';

/**
 * The quick lookup's way to the approvals panel: shown only while requests wait for the user's
 * decision, with their count (from main's last inbox read, then from each `approvals:inbox`). It opens
 * the access window on the panel; deciding happens there, where the justification is asked for.
 */
export function ApprovalsShortcut() {
  const { bridge } = useServices();
  const [count, setCount] = useState(0);
  useEffect(() => {
    let live = true;
    unwrap(bridge.approvals.count()).then(
      (value) => live && setCount(value.count),
      () => undefined, // no count yet: the next inbox event brings it
    );
    const off = bridge.on('approvals:inbox', ({ count: next }) => setCount(next));
    return () => {
      live = false;
      off();
    };
  }, [bridge]);
  if (count === 0) return null;
  const words = `${count} request${count === 1 ? '' : 's'} waiting for your approval`;
  return (
    // The name starts with the visible text (WCAG 2.5.3, label in name) and says where it leads. When
    // the search row is narrow (200 % zoom: 260 CSS px) the words step aside and an icon plus the
    // count remain (popup.css), so the search box keeps the row; the accessible name stays whole.
    <button type="button" className="approvals-shortcut" title={`${words}: open the approvals panel`} aria-label={`${count} to approve: open the approvals panel`} onClick={() => void bridge.window.openMain({ tab: 'access', section: 'approvals' })}>
      <svg className="approvals-icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
        <path d="M3 1.5h10a1.5 1.5 0 0 1 1.5 1.5v10a1.5 1.5 0 0 1-1.5 1.5H3A1.5 1.5 0 0 1 1.5 13V3A1.5 1.5 0 0 1 3 1.5Zm1.6 6.3-1 1.1L6.8 12l5.7-6.3-1.1-1L6.8 9.8Z" fill="currentColor" />
      </svg>
      <span className="approvals-count">{count}</span>
      <span className="approvals-words"> to approve</span>
    </button>
  );
}
