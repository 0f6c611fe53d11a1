import type { ActivationPhase } from '../../../shared/domain/types.js';

/** The five steps the progress line shows. */
export const PROGRESS_STEPS = ['Submitted', 'Waiting for approval', 'Provisioning', 'Propagating', 'Ready'] as const;
export type ProgressStep = (typeof PROGRESS_STEPS)[number];

/** Phases after which main stops following a request. */
const ENDED: ReadonlySet<ActivationPhase> = new Set(['Ready', 'Denied', 'Failed', 'Canceled', 'Revoked', 'Expired', 'TimedOut']);
/** Phases in which Azure still accepts a cancel (before provisioning). */
const CANCELLABLE: ReadonlySet<ActivationPhase> = new Set(['Submitted', 'PendingApproval', 'Granted', 'PendingProvisioning']);

/** Main no longer follows it (success or failure). */
export function isEnded(phase: ActivationPhase): boolean {
  return ENDED.has(phase);
}

/** A failure outcome (ended, but not Ready). */
export function isFailure(phase: ActivationPhase): boolean {
  return ENDED.has(phase) && phase !== 'Ready';
}

export function isCancellable(phase: ActivationPhase): boolean {
  return CANCELLABLE.has(phase);
}

/**
 * Index into PROGRESS_STEPS of the step a phase is in. "Granted" means approved, so the request is
 * provisioning; "Provisioned" means Graph is done and JIT Vault is waiting for Key Vault to agree.
 */
export function stepIndex(phase: ActivationPhase): number {
  switch (phase) {
    case 'Submitted':
      return 0;
    case 'PendingApproval':
      return 1;
    case 'Granted':
    case 'PendingProvisioning':
      return 2;
    case 'Provisioned':
    case 'Propagating':
      return 3;
    case 'Ready':
      return 4;
    default:
      return -1;
  }
}

/** Plain words for one phase (timelines, announcements). */
export const PHASE_TEXT: Readonly<Record<ActivationPhase, string>> = Object.freeze({
  Submitted: 'Submitted',
  PendingApproval: 'Waiting for approval',
  Granted: 'Approved',
  PendingProvisioning: 'Provisioning',
  Provisioned: 'Provisioned by Azure',
  Propagating: 'Propagating to Key Vault',
  Ready: 'Ready',
  Denied: 'Denied',
  Failed: 'Failed',
  Canceled: 'Cancelled',
  Revoked: 'Revoked',
  Expired: 'Expired',
  TimedOut: 'Not effective yet (timed out)',
});

/** The error code that explains a failure phase, for the plain-language error texts. */
export function failureCode(phase: ActivationPhase, errorCode?: string): string {
  if (errorCode) return errorCode;
  switch (phase) {
    case 'Denied':
      return 'pim-denied';
    case 'TimedOut':
      return 'pim-timeout';
    case 'Canceled':
      return 'cancelled';
    default:
      return 'pim-failed';
  }
}
