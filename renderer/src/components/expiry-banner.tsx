import { useNow } from '../hooks/use-now.js';
import { useApp } from '../state/services-context.js';
import { formatCountdown } from '../util/format.js';

/** "Access to X ends in 4:12" for grants main says are about to end ('session:expiring'). */
export function ExpiryBanner() {
  const expiring = useApp((s) => s.expiring);
  const entries = Object.entries(expiring);
  const now = useNow(entries.length > 0);
  const live = entries.filter(([, endsAt]) => endsAt > now);
  if (!live.length) return null;
  return (
    <div className="banner banner-warn" role="status">
      {live.map(([vault, endsAt]) => (
        <p key={vault}>
          Access to <strong>{vault}</strong> ends in <span className="mono">{formatCountdown(endsAt - now)}</span>. Extend it from the Access window.
        </p>
      ))}
    </div>
  );
}
