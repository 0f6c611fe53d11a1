import { ACTIVATION_LIMITS, checkActivation, type ActivationProblem } from '../../../shared/domain/activation-rules.js';
import { minutesInWords } from '../../../shared/domain/minutes-in-words.js';
import type { PimPolicyDto } from '../../../shared/domain/types.js';

/** Azure's floor for an activation (shared/domain/activation-rules.ts). */
export const MINIMUM_ACTIVATION_MINUTES = ACTIVATION_LIMITS.minMinutes;
/** Graph's justification limit (shared/domain/activation-rules.ts). */
export const MAX_JUSTIFICATION_LENGTH = ACTIVATION_LIMITS.maxJustificationChars;

export interface RequestValues {
  justification: string;
  durationMinutes: number;
  ticketNumber: string;
}

export type RequestField = keyof RequestValues;
export type RequestErrors = Partial<Record<RequestField, string>>;

/** The form's wording of each broken rule: one sentence under its field. */
function describe(problem: ActivationProblem): string {
  switch (problem.field) {
    case 'justification':
      return problem.rule === 'required' ? 'A justification is required for this group.' : `The justification may be at most ${problem.limit} characters.`;
    case 'ticketNumber':
      return 'A ticket number is required for this group.';
    case 'durationMinutes':
      return problem.rule === 'invalid' ? `The duration must be a whole number of at least ${problem.limit} minutes.` : `The duration may be at most ${minutesInWords(problem.limit)} for this group.`;
  }
}

/**
 * The shared activation rules (shared/domain/activation-rules.ts), worded for the form so it
 * explains every problem before anything is sent. Main checks the same rules again (and Graph after
 * it); their answer wins.
 */
export function validateRequest(values: RequestValues, policy: PimPolicyDto): RequestErrors {
  const errors: RequestErrors = {};
  for (const problem of checkActivation(values, policy)) errors[problem.field] ??= describe(problem);
  return errors;
}

/** A sensible default: one hour, or the policy's maximum when that is shorter. */
export function defaultDuration(policy: PimPolicyDto): number {
  return Math.max(MINIMUM_ACTIVATION_MINUTES, Math.min(60, policy.maxDurationMinutes));
}
