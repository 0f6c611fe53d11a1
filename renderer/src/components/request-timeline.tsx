import type { ActivationEventDto } from '../../../shared/domain/types.js';
import { PHASE_TEXT } from '../state/activation-phases.js';
import { formatTime } from '../util/format.js';

/** Every phase a request went through, with times (the access window's per-request timeline). */
export function RequestTimeline({ events, label }: { events: ActivationEventDto[]; label: string }) {
  if (!events.length) return <p className="muted">No events received yet.</p>;
  return (
    <ol className="timeline" aria-label={`Timeline: ${label}`}>
      {events.map((event, index) => (
        <li key={`${event.phase}-${event.at}-${index}`}>
          <time dateTime={new Date(event.at).toISOString()}>{formatTime(event.at)}</time> {PHASE_TEXT[event.phase]}
          {event.detail ? <span className="muted"> — {event.detail}</span> : null}
        </li>
      ))}
    </ol>
  );
}
