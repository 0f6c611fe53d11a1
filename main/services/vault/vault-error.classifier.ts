import { AppError, CancelledError, VaultForbiddenError, VaultLockedError, type VaultForbiddenReason } from '../errors.js';
import { INNER_ERROR_CODE_HEADER } from './secret-client.factory.js';

/** What was being done when the error happened; shapes the message. */
export interface VaultErrorContext {
  vault: string;
  secretName?: string;
  operation: 'list' | 'get' | 'versions' | 'probe';
  /** The vault's configured permission model: decides a bare 403 without an inner code. */
  permissionModel?: 'rbac' | 'accessPolicy';
  /**
   * A PIM activation for this vault was granted moments ago: an RBAC 403 then means "not yet
   * effective" (token or role propagation), not "no access".
   */
  justGranted?: boolean;
}

/** The parts of the SDK's RestError we read (duck-typed: core-rest-pipeline is not our dependency). */
interface RestErrorLike {
  name?: string;
  message?: string;
  code?: string;
  statusCode?: number;
  details?: unknown;
  response?: { headers?: { get(name: string): string | undefined } };
}

/** Socket-level failures (Node error codes the SDK copies into RestError.code). */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EPIPE',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'EAI_AGAIN',
  'REQUEST_SEND_ERROR',
]);

/** Certificate failures: almost always a TLS-inspecting proxy or a wrong system clock. */
const TLS_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * Key Vault's inner error code: `details.error.innerError.code` (SDK shape for single calls), the
 * raw wire `innererror`, or — for paged calls, whose RestError drops the body — the header our
 * pipeline policy copied it into (see secret-client.factory.ts).
 */
function innerCode(error: RestErrorLike): string | undefined {
  const body = (error.details as { error?: { innerError?: { code?: unknown }; innererror?: { code?: unknown } } } | undefined)?.error;
  const code = body?.innerError?.code ?? body?.innererror?.code ?? error.response?.headers?.get?.(INNER_ERROR_CODE_HEADER);
  return typeof code === 'string' ? code : undefined;
}

function isAbort(error: RestErrorLike): boolean {
  return error.name === 'AbortError';
}

function forbidden(ctx: VaultErrorContext, reason: VaultForbiddenReason, cause: unknown): VaultForbiddenError {
  const error = new VaultForbiddenError(ctx.vault, reason, { cause });
  const what = ctx.secretName ? `the secret "${ctx.secretName}" in vault "${ctx.vault}"` : `vault "${ctx.vault}"`;
  if (reason === 'firewall') {
    error.message =
      `Your network is blocked by the firewall of vault "${ctx.vault}": Key Vault refused the connection because of ` +
      "the network you are on, not because of your account. Connect to the office network or VPN, or ask the vault's " +
      'administrator to allow your public IP address.';
  } else if (reason === 'rbac' && ctx.justGranted) {
    error.message =
      `Access granted but not yet effective — waiting for Azure to apply your PIM activation to ${what}. ` +
      'This normally takes a minute or two; JIT Vault keeps retrying. If it still fails after 10 minutes, ask an ' +
      "administrator to check that the PIM group has the 'Key Vault Secrets User' role on this vault.";
  } else if (reason === 'rbac') {
    error.message =
      `Access to ${what} was refused: your account has no Key Vault role that allows this (Azure RBAC). ` +
      'If the vault is granted through a PIM group, request access again; otherwise ask an administrator for the ' +
      "'Key Vault Secrets User' role on this vault.";
  } else {
    error.message =
      `Access to ${what} was refused by the vault's access policy: your account or group lacks the secret ` +
      "'get'/'list' permission. If you just activated a PIM group, wait a minute; otherwise ask the vault's administrator " +
      'to add the permission to its access policy.';
  }
  return error;
}

/** Classifies a 403 by the inner code first, the message second, the vault's permission model last. */
function classifyForbidden(error: RestErrorLike, ctx: VaultErrorContext): AppError {
  const inner = innerCode(error);
  const message = error.message ?? '';
  if (inner === 'SecretDisabled' || /disabled secret/i.test(message)) {
    return new AppError(
      'vault-secret-disabled',
      `The secret "${ctx.secretName ?? '?'}" in vault "${ctx.vault}" is disabled, so its value cannot be read. ` +
        'Ask the vault owner to enable it, or use another version.',
      { cause: error },
    );
  }
  if (inner === 'ForbiddenByFirewall' || /client address is not authorized|public network access is disabled|firewall/i.test(message)) {
    return forbidden(ctx, 'firewall', error);
  }
  if (inner === 'ForbiddenByRbac' || /caller is not authorized to perform action/i.test(message)) return forbidden(ctx, 'rbac', error);
  if (inner === 'ForbiddenByPolicy' || inner === 'AccessDenied' || /does not have secrets? \w+ permission/i.test(message)) {
    return forbidden(ctx, 'policy', error);
  }
  return forbidden(ctx, ctx.permissionModel === 'accessPolicy' ? 'policy' : 'rbac', error);
}

function classifyStatus(error: RestErrorLike, status: number, ctx: VaultErrorContext): AppError {
  if (status === 403) return classifyForbidden(error, ctx);
  if (status === 401) {
    return new AppError(
      'not-signed-in',
      `Key Vault did not accept your sign-in for vault "${ctx.vault}" (the token was rejected or has expired). ` +
        'Sign in again; if this keeps happening, check that the vault belongs to the tenant you signed in to.',
      { cause: error },
    );
  }
  if (status === 404) {
    const text = ctx.secretName
      ? `The secret "${ctx.secretName}" no longer exists in vault "${ctx.vault}" (it may have been deleted or renamed). Refresh the list.`
      : `Vault "${ctx.vault}" answered "not found". Check the vault's address in the settings.`;
    return new AppError('vault-not-found', text, { cause: error });
  }
  if (status === 429) {
    return new AppError(
      'vault-throttled',
      `Key Vault is limiting requests to vault "${ctx.vault}" (too many requests in a short time). Wait a few seconds and try again.`,
      { cause: error },
    );
  }
  if (status >= 500 || status === 408) {
    return new AppError(
      'network',
      `Vault "${ctx.vault}" is not answering properly right now (HTTP ${status}, a problem on Azure's side). Try again in a minute.`,
      { cause: error },
    );
  }
  return new AppError('unknown', `Vault "${ctx.vault}" rejected the request (HTTP ${status}${error.code ? `, ${error.code}` : ''}).`, { cause: error });
}

/**
 * Turns anything thrown by the Key Vault SDK (or by our credential) into an AppError whose
 * message a helpdesk engineer can act on. Never puts a token or value in the message: only the
 * vault, the secret name, HTTP status and error codes.
 *
 * Order matters: typed errors pass through; aborts are locks when the abort reason says so;
 * HTTP answers are classified by status and Key Vault's inner code
 * (`details.error.innerError.code`: ForbiddenByRbac / ForbiddenByPolicy / ForbiddenByFirewall /
 * SecretDisabled); socket and TLS failures become 'network'.
 */
export function classifyVaultError(error: unknown, ctx: VaultErrorContext, abortReason?: unknown): AppError {
  if (error instanceof AppError) return error;
  if (typeof error !== 'object' || error === null) return new AppError('unknown', `Unexpected failure talking to vault "${ctx.vault}".`, { cause: error });
  const e = error as RestErrorLike;
  if (isAbort(e)) {
    if (abortReason instanceof AppError) return abortReason;
    return abortReason !== undefined ? new VaultLockedError(ctx.vault, { cause: error }) : new CancelledError(`The request to vault "${ctx.vault}"`, { cause: error });
  }
  if (typeof e.statusCode === 'number') return classifyStatus(e, e.statusCode, ctx);
  const code = typeof e.code === 'string' ? e.code : undefined;
  if (code === 'ENOTFOUND') {
    return new AppError(
      'network',
      `The address of vault "${ctx.vault}" could not be found (DNS). Check your internet or VPN connection, and the vault's address in the settings.`,
      { cause: error },
    );
  }
  if (code && TLS_CODES.has(code)) {
    return new AppError(
      'network',
      `The secure connection to vault "${ctx.vault}" could not be verified (${code}). A proxy that inspects TLS traffic, or a wrong ` +
        "system clock, usually causes this. Ask IT to exempt *.vault.azure.net from TLS inspection.",
      { cause: error },
    );
  }
  if (code && (NETWORK_CODES.has(code) || code.startsWith('UND_ERR_'))) {
    return new AppError(
      'network',
      `Could not reach vault "${ctx.vault}" (${code}). Check your network or VPN connection and try again.`,
      { cause: error },
    );
  }
  const message = e.message ?? '';
  // The SDK reports a body cut short (connection dropped mid-answer) as a parse error of the response.
  if (code === 'PARSE_ERROR' && /aborted|reading response|socket hang up/i.test(message)) {
    return new AppError('network', `The connection to vault "${ctx.vault}" was cut while the answer arrived. Check your network or VPN connection and try again.`, { cause: error });
  }
  if (/challenge resource .* does not match|must use HTTPS|while allowInsecureConnection is false/i.test(message)) {
    return new AppError(
      'settings-invalid',
      `The address configured for vault "${ctx.vault}" is not a valid Key Vault address (Key Vault's sign-in challenge does not match it, ` +
        'or it is not https). Check the vault URL in the settings: it should look like https://<name>.vault.azure.net.',
      { cause: error },
    );
  }
  return new AppError('unknown', `Unexpected failure talking to vault "${ctx.vault}". Try again; if it keeps happening, send the diagnostic log to support.`, {
    cause: error,
  });
}
