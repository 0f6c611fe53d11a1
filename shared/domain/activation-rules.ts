/**
 * The activation rules, once: the request form (renderer), the IPC contract's zod schema and the
 * PIM service all read these limits and this check. Each caller words the problems its own way
 * (the form speaks per field, main lists them in one error); the rules themselves live only here.
 * Graph validates again after us; its answer wins.
 */

/** Limits of an activation request. */
export const ACTIVATION_LIMITS = Object.freeze({
  /** Azure's floor for an activation (and for deactivating one). */
  minMinutes: 5,
  /** The longest any PIM policy allows (24 hours); a group's own maximum is usually lower. */
  maxMinutes: 24 * 60,
  /** Graph's limit on justification length. */
  maxJustificationChars: 500,
  /** Ticket numbers are short references. */
  maxTicketChars: 100,
});

/** The parts of a group's PIM policy the rules read. */
export interface ActivationPolicyRules {
  maxDurationMinutes: number;
  requireJustification: boolean;
  requireTicket: boolean;
}

/** What the user filled in. */
export interface ActivationValues {
  justification: string;
  durationMinutes: number;
  ticketNumber?: string | undefined;
}

/** One broken rule, by field. `duration-invalid`: not a whole number of at least `minMinutes`. */
export type ActivationProblem =
  | { field: 'justification'; rule: 'required' }
  | { field: 'justification'; rule: 'too-long'; limit: number }
  | { field: 'ticketNumber'; rule: 'required' }
  | { field: 'durationMinutes'; rule: 'invalid'; limit: number }
  | { field: 'durationMinutes'; rule: 'over-policy'; limit: number };

/** Every broken rule at once (empty = the request may be sent), in field order. */
export function checkActivation(values: ActivationValues, policy: ActivationPolicyRules): ActivationProblem[] {
  const problems: ActivationProblem[] = [];
  const justification = values.justification.trim();
  if (policy.requireJustification && !justification) problems.push({ field: 'justification', rule: 'required' });
  else if (justification.length > ACTIVATION_LIMITS.maxJustificationChars) problems.push({ field: 'justification', rule: 'too-long', limit: ACTIVATION_LIMITS.maxJustificationChars });
  if (policy.requireTicket && !values.ticketNumber?.trim()) problems.push({ field: 'ticketNumber', rule: 'required' });
  if (!Number.isInteger(values.durationMinutes) || values.durationMinutes < ACTIVATION_LIMITS.minMinutes) {
    problems.push({ field: 'durationMinutes', rule: 'invalid', limit: ACTIVATION_LIMITS.minMinutes });
  } else if (values.durationMinutes > policy.maxDurationMinutes) {
    problems.push({ field: 'durationMinutes', rule: 'over-policy', limit: policy.maxDurationMinutes });
  }
  return problems;
}
