/**
 * The last line of defence between a token and a file on disk. Callers of the Logger and the
 * AuditJournal already pass names and codes only; these checks catch the mistakes (an SDK error
 * message that quotes an Authorization header, a token passed in the wrong field).
 *
 * It recognises token SHAPES, not secret values: a Key Vault secret value has no recognisable shape,
 * which is why the journal also whitelists its fields and the logger refuses sensitive field names.
 */

/** What a refused value is replaced with. */
export const REFUSED_VALUE = '[refused: looks like a token]';
/** What a token-like part of free text is replaced with. */
export const REDACTED_TEXT = '[redacted]';

// A JWS/JWE in compact form: base64url JSON header (always starts `eyJ` = `{"`), then dot-separated parts.
const JWT = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_.-]*/g;
// An HTTP Authorization value or a challenge response: "Bearer <anything token-ish>".
const BEARER = /\b(?:bearer|pop)\s+[A-Za-z0-9._~+/=-]{8,}/gi;
// OAuth parameters in a URL, form body or JSON text: access_token=..., "refresh_token":"...".
const OAUTH_PARAM = /\b(access_token|refresh_token|id_token|client_secret|client_assertion|assertion|code_verifier)("?\s*[:=]\s*"?)[^\s"&,}]{6,}/gi;
// Entra refresh tokens are opaque but start with a version digit and ".A" followed by long base64url.
const ENTRA_REFRESH_TOKEN = /\b[0-9]\.A[A-Za-z0-9_-]{60,}/g;

const PATTERNS = [JWT, BEARER, OAUTH_PARAM, ENTRA_REFRESH_TOKEN];

/** True when `text` contains something shaped like a JWT, a bearer credential or an OAuth token parameter. */
export function looksLikeToken(text: string): boolean {
  return PATTERNS.some((pattern) => {
    pattern.lastIndex = 0;
    return pattern.test(text);
  });
}

/** Replaces every token-shaped part of free text with `[redacted]`, keeping the rest readable. */
export function scrubText(text: string): string {
  return text
    .replace(JWT, REDACTED_TEXT)
    .replace(BEARER, (match) => `${match.split(/\s+/)[0] ?? 'Bearer'} ${REDACTED_TEXT}`)
    .replace(OAUTH_PARAM, (_match, name: string, separator: string) => `${name}${separator}${REDACTED_TEXT}`)
    .replace(ENTRA_REFRESH_TOKEN, REDACTED_TEXT);
}

// Field names whose values are credentials by definition, whatever they look like. `secretName`,
// `tokenExpiresAt` and friends stay allowed: only names ENDING in a credential word are refused.
const SENSITIVE_NAME = /(token|password|passwd|pwd|secret|secretvalue|value|authorization|cookie|credential|apikey|assertion|verifier)$/i;

/** True for a field name that can only hold a credential (e.g. `accessToken`, `password`, `value`). */
export function isSensitiveFieldName(name: string): boolean {
  return SENSITIVE_NAME.test(name.replace(/[^A-Za-z]/g, ''));
}
