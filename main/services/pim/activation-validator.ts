import { ACTIVATION_LIMITS, checkActivation, type ActivationProblem } from '../../../shared/domain/activation-rules.js';
import { minutesInWords } from '../../../shared/domain/minutes-in-words.js';
import type { ActivationRequest, PimPolicy } from './pim.types.js';

/** Azure's floor for an activation (and for deactivating one): `ACTIVATION_LIMITS.minMinutes`. */
export const MINIMUM_ACTIVATION_MINUTES = ACTIVATION_LIMITS.minMinutes;

/** Main's wording of each broken rule: a phrase for the one error that lists them all. */
function describe(problem: ActivationProblem): string {
  switch (problem.field) {
    case 'justification':
      return problem.rule === 'required' ? 'a justification is required' : `the justification is longer than ${problem.limit} characters`;
    case 'ticketNumber':
      return 'a ticket number is required';
    case 'durationMinutes':
      return problem.rule === 'invalid' ? `the duration must be at least ${problem.limit} minutes` : `the duration may be at most ${minutesInWords(problem.limit, 'short')} for this group`;
  }
}

/**
 * Checks an activation request against the group's policy before anything is sent, so the user gets
 * every problem at once, in plain words, without a round trip. Returns the list of problems (empty = ok).
 * The rules are shared/domain/activation-rules.ts (the form checks the same); Graph validates again.
 */
export function validateActivation(request: ActivationRequest, policy: PimPolicy): string[] {
  return checkActivation(request, policy).map(describe);
}
