import type { PimPolicyDto } from '../../../shared/domain/types.js';
import { minutesInWords } from '../../../shared/domain/minutes-in-words.js';

/** A group's PIM policy in plain words: how long, and what Azure will ask for. */
export function PolicySummary({ policy }: { policy: PimPolicyDto }) {
  return (
    <ul className="policy-summary" aria-label="Policy">
      <li>Up to {minutesInWords(policy.maxDurationMinutes)}</li>
      <li>{policy.requireApproval ? 'Needs approval' : 'No approval needed'}</li>
      {policy.requireTicket ? <li>Ticket number required</li> : null}
      {policy.requireJustification ? <li>Justification required</li> : null}
      {policy.requireMfa || policy.authenticationContext ? (
        <li className="mfa-hint">Requires multi-factor authentication: Microsoft may ask you to verify in your browser.</li>
      ) : null}
    </ul>
  );
}
