import { describeMinutes } from './iso-duration.js';
import type { ActivationRequest, PimPolicy } from './pim.types.js';

/** Azure's floor for an activation (and for deactivating one). */
export const MINIMUM_ACTIVATION_MINUTES = 5;
/** Graph's limit on justification length. */
export const MAX_JUSTIFICATION_LENGTH = 500;

/**
 * Checks an activation request against the group's policy before anything is sent, so the user gets
 * every problem at once, in plain words, without a round trip. Returns the list of problems (empty = ok).
 * Graph validates again; its answer wins.
 */
export function validateActivation(request: ActivationRequest, policy: PimPolicy): string[] {
  const problems: string[] = [];
  const justification = request.justification.trim();
  if (policy.requireJustification && !justification) problems.push('a justification is required');
  if (justification.length > MAX_JUSTIFICATION_LENGTH) problems.push(`the justification is longer than ${MAX_JUSTIFICATION_LENGTH} characters`);
  if (policy.requireTicket && !request.ticketNumber?.trim()) problems.push('a ticket number is required');
  if (!Number.isFinite(request.durationMinutes) || request.durationMinutes < MINIMUM_ACTIVATION_MINUTES) {
    problems.push(`the duration must be at least ${MINIMUM_ACTIVATION_MINUTES} minutes`);
  } else if (request.durationMinutes > policy.maxDurationMinutes) {
    problems.push(`the duration may be at most ${describeMinutes(policy.maxDurationMinutes)} for this group`);
  }
  return problems;
}
