import { AuthError, InteractionRequiredAuthError } from '@azure/msal-node';
import { AppError, CancelledError } from '../errors.js';

/**
 * Silent sign-in needs the user: MFA, a Conditional Access step-up, consent or a fresh sign-in.
 * `claims` (when Entra sent a claims challenge) must be passed to the interactive sign-in.
 */
export class InteractionRequiredError extends AppError {
  constructor(
    readonly accountLabel: string,
    readonly claims: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(
      'interaction-required',
      `Microsoft needs you to confirm the sign-in of ${accountLabel} (for example with MFA or a new consent). ` +
        'Choose "Sign in" to continue in the browser.',
      options,
    );
    this.name = 'InteractionRequiredError';
  }
}

/** The account is not signed in (anymore): no cached account, or its refresh token expired or was revoked. */
export class NotSignedInError extends AppError {
  constructor(accountLabel: string, why: string, options?: { cause?: unknown }) {
    super('not-signed-in', `${accountLabel} is not signed in: ${why}. Sign in again to continue.`, options);
    this.name = 'NotSignedInError';
  }
}

/** MSAL error codes meaning the refresh token cannot be used any more. */
const SIGNED_OUT_CODES = new Set(['invalid_grant', 'no_tokens_found', 'refresh_token_expired', 'expired_token', 'native_account_unavailable']);
/** MSAL codes for a sign-in the user (or the app) stopped. */
const CANCELLED_CODES = new Set(['access_denied', 'user_canceled', 'user_cancelled', 'authorization_declined', 'device_code_polling_cancelled']);
/** MSAL/Node codes meaning the sign-in service could not be reached. */
const NETWORK_CODES = new Set(['network_error', 'endpoints_resolution_error', 'temporarily_unavailable', 'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EAI_AGAIN']);

/**
 * Maps anything MSAL throws to a typed AppError with a plain-language message. Only MSAL's error
 * *codes* go into the message (never descriptions, which can quote request data); the original
 * error stays as `cause` for the diagnostic log.
 */
export function toAuthAppError(error: unknown, context: { accountLabel: string; operation: string }): AppError {
  if (error instanceof AppError) return error;
  const code = errorCode(error);
  if (code && SIGNED_OUT_CODES.has(code)) {
    const why = code === 'expired_token' ? 'the sign-in code expired before it was used' : 'the saved sign-in expired or was revoked';
    return new NotSignedInError(context.accountLabel, why, { cause: error });
  }
  if (error instanceof InteractionRequiredAuthError) {
    return new InteractionRequiredError(context.accountLabel, error.claims || undefined, { cause: error });
  }
  if (code && CANCELLED_CODES.has(code)) return new CancelledError(context.operation, { cause: error });
  if (code && NETWORK_CODES.has(code)) {
    return new AppError(
      'network',
      `${context.operation} failed because the Microsoft sign-in service could not be reached. Check the network or VPN connection and try again.`,
      { cause: error },
    );
  }
  return new AppError(
    'unknown',
    `${context.operation} failed${code ? ` (${code})` : ''}. Try again; if it keeps failing, send the diagnostic log to support.`,
    { cause: error },
  );
}

function errorCode(error: unknown): string | undefined {
  if (error instanceof AuthError) return error.errorCode || undefined;
  if (error && typeof error === 'object') {
    const code = (error as { code?: unknown; errorCode?: unknown }).errorCode ?? (error as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const cause = (error as { cause?: unknown }).cause;
    if (cause && cause !== error) return errorCode(cause);
  }
  return undefined;
}
