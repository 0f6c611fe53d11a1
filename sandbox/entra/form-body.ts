import { BodyTooLargeError } from '../http/body.js';
import type { RequestContext } from '../http/router.js';
import { entraErrors } from './errors.js';

/** Token-endpoint bodies are small (a refresh token, a claims blob); 64 KiB is generous. */
export const FORM_BODY_LIMIT = 64 * 1024;

/**
 * Reads an `application/x-www-form-urlencoded` body. Like Entra, which only reads form bodies, any
 * other content type counts as an empty form, so the caller reports the first missing parameter
 * (the familiar "must contain the following parameter: 'grant_type'" for a JSON body).
 * Oversized bodies become an Entra-shaped error instead of the router's generic 413.
 */
export async function readFormBody(ctx: RequestContext, limit = FORM_BODY_LIMIT): Promise<URLSearchParams> {
  let text: string;
  try {
    text = await ctx.readText(limit);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw entraErrors.bodyTooLarge();
    throw error;
  }
  const type = String(ctx.req.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return new URLSearchParams();
  return new URLSearchParams(text);
}

/** A form or query parameter, trimmed; empty counts as missing. */
export function param(params: URLSearchParams, name: string): string | undefined {
  const value = params.get(name);
  return value !== null && value.trim() !== '' ? value.trim() : undefined;
}

/** A required parameter: AADSTS900144 when missing. */
export function requiredParam(params: URLSearchParams, name: string): string {
  const value = param(params, name);
  if (value === undefined) throw entraErrors.missingParameter(name);
  return value;
}
