import type { PimPolicyDto } from '../../../shared/domain/types.js';
import { describeMinutes } from '../util/format.js';

/** Azure's floor for an activation; main enforces the same (activation-validator.ts). */
export const MINIMUM_ACTIVATION_MINUTES = 5;
/** Graph's justification limit. */
export const MAX_JUSTIFICATION_LENGTH = 500;

export interface RequestValues {
  justification: string;
  durationMinutes: number;
  ticketNumber: string;
}

export type RequestField = keyof RequestValues;
export type RequestErrors = Partial<Record<RequestField, string>>;

/**
 * Mirrors main's activation rules so the form explains every problem before anything is sent:
 * justification and ticket when the policy requires them, 5 minutes ≤ duration ≤ the policy's maximum.
 * Main validates again (and Graph after it); their answer wins.
 */
export function validateRequest(values: RequestValues, policy: PimPolicyDto): RequestErrors {
  const errors: RequestErrors = {};
  const justification = values.justification.trim();
  if (policy.requireJustification && !justification) errors.justification = 'A justification is required for this group.';
  else if (justification.length > MAX_JUSTIFICATION_LENGTH) errors.justification = `The justification may be at most ${MAX_JUSTIFICATION_LENGTH} characters.`;
  if (policy.requireTicket && !values.ticketNumber.trim()) errors.ticketNumber = 'A ticket number is required for this group.';
  if (!Number.isInteger(values.durationMinutes) || values.durationMinutes < MINIMUM_ACTIVATION_MINUTES) {
    errors.durationMinutes = `The duration must be a whole number of at least ${MINIMUM_ACTIVATION_MINUTES} minutes.`;
  } else if (values.durationMinutes > policy.maxDurationMinutes) {
    errors.durationMinutes = `The duration may be at most ${describeMinutes(policy.maxDurationMinutes)} for this group.`;
  }
  return errors;
}

/** A sensible default: one hour, or the policy's maximum when that is shorter. */
export function defaultDuration(policy: PimPolicyDto): number {
  return Math.max(MINIMUM_ACTIVATION_MINUTES, Math.min(60, policy.maxDurationMinutes));
}
