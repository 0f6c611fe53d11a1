import { entraErrors } from './errors.js';

/**
 * The OIDC `claims` request parameter, as Conditional Access step-up and CAE use it:
 * `{"access_token":{"acrs":{"essential":true,"value":"c1"}}}` asks for an authentication context,
 * `amr` values `mfa` (or `acr` `urn:microsoft:policies:mfa`) ask for multi-factor authentication,
 * `xms_cc` carries client capabilities (CP1), and `nbf` (CAE) just asks for a fresh token. MSAL adds
 * `id_token` hints (signin_state, login_hint) which need nothing from the server.
 */
export interface ClaimsRequest {
  /** The parameter as received. */
  raw: string;
  /** Authentication context class references asked for (c1..c99). */
  acrs: string[];
  /** Whether multi-factor authentication was asked for (explicitly or through acrs). */
  mfa: boolean;
  /** Client capabilities (e.g. CP1), surfaced as the `xms_cc` claim. */
  capabilities: string[];
}

const AUTH_CONTEXT_ID = /^c([1-9]|[1-9][0-9])$/;
const MAX_CLAIMS_LENGTH = 16 * 1024;

/** An empty claims request. */
export const NO_CLAIMS: ClaimsRequest = { raw: '', acrs: [], mfa: false, capabilities: [] };

/** Parses `claims`; malformed JSON is AADSTS90100 (invalid_request), as the real endpoint refuses it. */
export function parseClaimsRequest(raw: string | null | undefined): ClaimsRequest {
  if (!raw || !raw.trim()) return NO_CLAIMS;
  if (raw.length > MAX_CLAIMS_LENGTH) throw entraErrors.invalidParameter('claims');
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw entraErrors.invalidParameter('claims');
  }
  if (!isObject(json)) throw entraErrors.invalidParameter('claims');
  const acrs = new Set<string>();
  const capabilities = new Set<string>();
  let mfa = false;
  for (const section of ['access_token', 'id_token'] as const) {
    const claims = json[section];
    if (!isObject(claims)) continue;
    for (const value of valuesOf(claims.acrs)) if (AUTH_CONTEXT_ID.test(value)) acrs.add(value);
    if (valuesOf(claims.amr).some((v) => v.toLowerCase() === 'mfa')) mfa = true;
    if (valuesOf(claims.acr).some((v) => v.toLowerCase() === 'urn:microsoft:policies:mfa')) mfa = true;
    for (const value of valuesOf(claims.xms_cc)) capabilities.add(value);
  }
  return { raw, acrs: [...acrs], mfa: mfa || acrs.size > 0, capabilities: [...capabilities] };
}

/**
 * The `claims` a step-up error returns: what the client must ask for on its interactive retry
 * (the authentication contexts, else MFA), in the access_token section as Conditional Access does.
 */
export function challengeClaims(request: ClaimsRequest): string {
  const accessToken = request.acrs.length > 0 ? { acrs: { essential: true, values: request.acrs } } : { amr: { essential: true, values: ['mfa'] } };
  return JSON.stringify({ access_token: accessToken });
}

/** Whether a past authentication (its `amr` and satisfied `acrs`) meets a claims request. */
export function isSatisfiedBy(request: ClaimsRequest, amr: string[], acrs: string[]): boolean {
  if (request.mfa && !amr.includes('mfa')) return false;
  return request.acrs.every((value) => acrs.includes(value));
}

function valuesOf(entry: unknown): string[] {
  if (!isObject(entry)) return [];
  const out: string[] = [];
  if (typeof entry.value === 'string') out.push(entry.value);
  if (Array.isArray(entry.values)) for (const v of entry.values) if (typeof v === 'string') out.push(v);
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
