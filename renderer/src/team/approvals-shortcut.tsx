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
    <button type="button" className="approvals-shortcut" title={`${words}: open the approvals panel`} aria-label={`${words}: open the approvals panel`} onClick={() => void bridge.window.openMain({ tab: 'access', section: 'approvals' })}>
      {count} to approve
    </button>
  );
}
