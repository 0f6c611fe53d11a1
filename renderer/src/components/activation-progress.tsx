import type { ActivationEventDto } from '../../../shared/domain/types.js';
import { failureCode, isFailure, PHASE_TEXT, PROGRESS_STEPS, stepIndex } from '../state/activation-phases.js';
import { formatTime } from '../util/format.js';
import { ErrorMessage } from './error-message.js';

export interface ActivationProgressProps {
  events: ActivationEventDto[];
  /** Show the approval step (groups that need approval). */
  requireApproval: boolean;
  /** What is being activated, for the list's accessible name. */
  label: string;
}

/**
 * The compact progress line: Submitted → Waiting for approval → Provisioning → Propagating → Ready,
 * driven by main's 'pim:activation' events. Steps before the current one are done; a failure keeps
 * the steps reached and explains the outcome in plain words.
 */
export function ActivationProgress({ events, requireApproval, label }: ActivationProgressProps) {
  const steps = PROGRESS_STEPS.filter((step) => requireApproval || step !== 'Waiting for approval');
  const last = events[events.length - 1];
  const reached = [...events].reverse().find((event) => stepIndex(event.phase) >= 0);
  const currentStep = reached ? PROGRESS_STEPS[stepIndex(reached.phase)] : 'Submitted';
  const current = Math.max(0, steps.findIndex((step) => step === currentStep));
  const failed = last ? isFailure(last.phase) : false;
  const ready = last?.phase === 'Ready';

  return (
    <div className={`progress${failed ? ' is-failed' : ''}${ready ? ' is-ready' : ''}`}>
      <ol className="progress-steps" aria-label={`Progress: ${label}`}>
        {steps.map((step, index) => {
          const state = index < current || ready ? 'done' : index === current ? (failed ? 'stopped' : 'current') : 'todo';
          return (
            <li key={step} className={`step step-${state}`} aria-current={index === current && !ready ? 'step' : undefined}>
              <span aria-hidden="true" className="step-mark">
                {state === 'done' ? '✓' : state === 'stopped' ? '✕' : index + 1}
              </span>{' '}
              {step}
              {state === 'done' ? <span className="visually-hidden"> (done)</span> : null}
            </li>
          );
        })}
      </ol>
      <p className="progress-status" role="status">
        {last ? `${PHASE_TEXT[last.phase]}${last.phase === 'Ready' && last.endsAt ? ` — access until ${formatTime(last.endsAt)}` : ''}` : 'Submitting…'}
      </p>
      {failed && last ? <ErrorMessage code={failureCode(last.phase, last.errorCode)} message={last.detail} role="status" /> : null}
    </div>
  );
}
