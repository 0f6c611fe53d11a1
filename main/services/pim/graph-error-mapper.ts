import { AppError, PimPolicyError } from '../errors.js';

/** What the Graph client throws (GraphError) or fetch rejects with, loosely. */
interface GraphLikeError {
  statusCode?: number;
  code?: string;
  message?: string;
  body?: unknown;
  headers?: { get?(name: string): string | null };
}

/** A step-up challenge: the activation needs a token carrying these claims (authentication context / MFA). */
export class PimStepUpRequiredError extends AppError {
  constructor(
    /** The claims request to pass to sign-in (JSON string), when Graph gave one. */
    readonly claims: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(
      'pim-mfa-required',
      'This group requires a stronger sign-in (multi-factor authentication or a Conditional Access authentication context) before it can be activated. Sign in again when prompted, then submit the request again.',
      options,
    );
    this.name = 'PimStepUpRequiredError';
  }
}

const RULE_TEXT: Record<string, string> = {
  ExpirationRule: 'the requested duration is longer than the policy allows',
  JustificationRule: 'a justification is required',
  TicketingRule: 'a ticket number is required',
  MfaRule: 'multi-factor authentication is required',
  ApprovalRule: 'the approval settings of the policy were not met',
};

/** Error code and message from a GraphError (its `code`/`message`, or the JSON body's error). */
function codeAndMessage(error: GraphLikeError): { code: string; message: string } {
  let code = error.code ?? '';
  let message = error.message ?? '';
  if ((!code || code === 'Error') && typeof error.body === 'string') {
    try {
      const parsed = JSON.parse(error.body) as { error?: { code?: string; message?: string } };
      code = parsed.error?.code ?? code;
      message = parsed.error?.message ?? message;
    } catch {
      // Not JSON: keep what the client gave.
    }
  }
  return { code, message };
}

/** Extracts a claims challenge (JSON) that Graph embeds, URL-encoded or not, in an ACRS failure message. */
function extractClaims(message: string): string | undefined {
  const decoded = (() => {
    try {
      return decodeURIComponent(message);
    } catch {
      return message;
    }
  })();
  const start = decoded.indexOf('{"access_token"');
  if (start < 0) return undefined;
  let depth = 0;
  for (let i = start; i < decoded.length; i++) {
    if (decoded[i] === '{') depth++;
    else if (decoded[i] === '}' && --depth === 0) return decoded.slice(start, i + 1);
  }
  return undefined;
}

/**
 * Maps a Microsoft Graph failure on the PIM APIs to a typed AppError with a plain-language message.
 * Unknown errors keep Graph's code in the message so support can look it up.
 */
export function mapGraphError(error: unknown, action: string): AppError {
  if (error instanceof AppError) return error;
  const e = (error ?? {}) as GraphLikeError & { cause?: { code?: string } };
  const { code, message } = codeAndMessage(e);
  const status = e.statusCode ?? 0;
  const networkCode = (e as { code?: string }).code ?? e.cause?.code;
  if (!status && networkCode && /^(ECONN|ENOTFOUND|ETIMEDOUT|EAI_AGAIN|EPIPE|UND_ERR)/.test(networkCode)) {
    return new AppError('network', `Could not reach Microsoft Graph to ${action} (${networkCode}). Check your network connection; nothing was lost — try again.`, { cause: error });
  }
  if (error instanceof TypeError && /fetch failed/i.test(error.message)) {
    return new AppError('network', `Could not reach Microsoft Graph to ${action}. Check your network connection; nothing was lost — try again.`, { cause: error });
  }
  switch (code) {
    case 'RoleAssignmentRequestPolicyValidationFailed': {
      const rules = [...message.matchAll(/"?(\w+Rule)"?/g)].map((m) => m[1]!);
      if (rules.includes('MfaRule')) return new PimStepUpRequiredError(undefined, { cause: error });
      return new PimPolicyError(rules.length ? rules.map((r) => RULE_TEXT[r] ?? r) : [message], { cause: error });
    }
    case 'RoleAssignmentRequestAcrsValidationFailed':
      return new PimStepUpRequiredError(extractClaims(message), { cause: error });
    case 'ActiveDurationTooShort':
      return new AppError('pim-too-short', 'An activation must last at least 5 minutes, and cannot be deactivated in its first 5 minutes. Wait a few minutes and try again.', { cause: error });
    case 'RoleAssignmentExists':
      return new AppError('pim-already-active', 'This group is already active for you, or a request for it is already pending. Check your active and pending requests.', { cause: error });
    case 'RoleAssignmentDoesNotExist':
    case 'RoleEligibilityScheduleNotFound':
    case 'RoleAssignmentRequestNotEligible':
      return new AppError('pim-not-eligible', 'You are not (or no longer) eligible for this group. Ask your administrator to check your PIM eligibility.', { cause: error });
  }
  if (status === 401) {
    return new AppError('interaction-required', 'Your Microsoft sign-in has expired or was revoked. Sign in again, then retry.', { cause: error });
  }
  if (status === 403) {
    return new AppError('pim-not-eligible', `Microsoft Graph refused to ${action}: you may not be eligible, or the app lacks consent for PIM. (${code || 'Forbidden'})`, { cause: error });
  }
  if (status === 429 || status === 503 || status === 504) {
    return new AppError('pim-failed', `Microsoft Graph is busy and asked us to slow down while trying to ${action}. JIT Vault retries automatically; try again in a minute if it keeps failing.`, { cause: error });
  }
  return new AppError('pim-failed', `Microsoft Graph could not ${action}: ${message || code || `HTTP ${status}`}.`, { cause: error });
}
