/**
 * Typed errors thrown inside the main process. At the IPC edge they become `{ ok: false, code,
 * message }` values: `code` is stable (the UI keys on it), `message` is plain language a helpdesk
 * engineer understands — what happened and what to do next. Messages never contain a secret value
 * or a token; they may name a vault, a secret, a group or a status code.
 */

import type { ErrorCode } from '../../shared/domain/types.js';

/**
 * Every error code the services produce: the shared list (which the UI explains in plain words)
 * minus the codes only the IPC edge uses. Add new codes there, never ad-hoc strings.
 */
export type AppErrorCode = Exclude<ErrorCode, 'bad-request' | 'forbidden-sender' | 'unknown-channel'>;

/** Base class of all typed service errors. */
export class AppError extends Error {
  /**
   * @param code stable machine-readable code
   * @param message plain-language explanation plus the next step
   * @param options `cause` keeps the underlying SDK/HTTP error for the diagnostic log
   */
  constructor(
    readonly code: AppErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options && { cause: withoutRequest(options.cause) });
    this.name = 'AppError';
  }
}

/**
 * An SDK error (Azure's RestError) keeps the HTTP request it failed on — Authorization header
 * included. A cause lives as long as the AppError and may be inspected or serialised by whoever logs
 * it, so keep what diagnosis needs (name, message, code, status, parsed body, response headers for
 * Retry-After) and drop the request.
 */
function withoutRequest(cause: unknown): unknown {
  if (!(cause instanceof Error) || !('request' in cause)) return cause;
  const source = cause as Error & { code?: unknown; statusCode?: unknown; details?: unknown; response?: { headers?: unknown } };
  const summary = new Error(source.message) as Error & Record<string, unknown>;
  summary.name = source.name;
  for (const key of ['code', 'statusCode', 'details'] as const) if (source[key] !== undefined) summary[key] = source[key];
  if (source.response?.headers !== undefined) summary.headers = source.response.headers;
  return summary;
}

/** Thrown by `AccessSession.assertUnlocked` when a vault is not (or no longer) unlocked. */
export class VaultLockedError extends AppError {
  constructor(
    readonly vault: string,
    options?: { cause?: unknown; detail?: string },
  ) {
    super(
      'vault-locked',
      `Vault "${vault}" is locked${options?.detail ? ` (${options.detail})` : ''}. ` +
        'Activate the PIM group that grants access to it (or sign in again) to unlock it.',
      options,
    );
    this.name = 'VaultLockedError';
  }
}

/** Why Key Vault refused a request with 403. */
export type VaultForbiddenReason = 'rbac' | 'firewall' | 'policy';

const forbiddenText: Record<VaultForbiddenReason, string> = {
  rbac:
    'your account has no Key Vault role that allows reading secrets here. If you just activated a PIM group, ' +
    'wait a minute and retry; otherwise ask an administrator for the "Key Vault Secrets User" role.',
  firewall:
    "the vault's network firewall does not allow your current IP address or network. " +
    'Connect to the corporate network/VPN or ask an administrator to allow your address.',
  policy:
    "the vault uses access policies and yours does not allow this operation. Ask an administrator to add " +
    "'get'/'list' secret permissions for your account or group.",
};

/** Key Vault answered 403; `reason` says which layer refused. */
export class VaultForbiddenError extends AppError {
  constructor(
    readonly vault: string,
    readonly reason: VaultForbiddenReason,
    options?: { cause?: unknown },
  ) {
    super(`vault-forbidden-${reason}`, `Access to vault "${vault}" was refused: ${forbiddenText[reason]}`, options);
    this.name = 'VaultForbiddenError';
  }
}

/** A PIM activation request breaks the group's policy; `rules` lists each broken rule in plain words. */
export class PimPolicyError extends AppError {
  constructor(
    readonly rules: string[],
    options?: { cause?: unknown },
  ) {
    super(
      'pim-policy',
      `The activation request does not meet the group's PIM policy: ${rules.join('; ')}. Fix the request and submit it again.`,
      options,
    );
    this.name = 'PimPolicyError';
  }
}

/** Narrows an unknown thrown value to an AppError. */
export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** Wraps anything thrown into an AppError ('unknown' unless it already is one); keeps the cause. */
export function toAppError(error: unknown, fallbackMessage = 'Something unexpected went wrong. Try again; if it keeps happening, send the diagnostic log to support.'): AppError {
  if (error instanceof AppError) return error;
  return new AppError('unknown', fallbackMessage, { cause: error });
}

/** The user (or a lock) cancelled an operation; carries the abort reason as `cause`. */
export class CancelledError extends AppError {
  constructor(what: string, options?: { cause?: unknown }) {
    super('cancelled', `${what} was cancelled.`, options);
    this.name = 'CancelledError';
  }
}
