import type { BridgeError } from '../bridge.js';
import { ErrorMessage } from '../components/error-message.js';

/** What `useActionStatus` says under a set of certificate actions: the running or done sentence, or the failure. */
export function ActionOutcome({ status, failure }: { status: string; failure: BridgeError | null }) {
  return (
    <>
      {status ? (
        <p className="field-hint" aria-live="polite">
          {status}
        </p>
      ) : null}
      {failure ? <ErrorMessage code={failure.code} message={failure.message} /> : null}
    </>
  );
}
