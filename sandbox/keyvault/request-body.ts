import { BodyTooLargeError } from '../http/body.js';
import type { RequestContext } from '../http/router.js';
import { KeyVaultError, vaultErrors } from './vault-errors.js';

/** Largest request body read at all; beyond it the request is refused with 413 before parsing. */
export const BODY_LIMIT_BYTES = 256 * 1024;
/** Key Vault stores secret values of at most 25 KB (learn.microsoft.com "About secrets"; the CLI says 25600). */
export const MAX_SECRET_VALUE_BYTES = 25 * 1024;
/** Content types are capped at 255 characters (same page). */
export const MAX_CONTENT_TYPE_LENGTH = 255;
/** Azure resources carry at most 15 tags. */
export const MAX_TAGS = 15;

/** Secret names: 1–127 letters, digits and dashes. */
export const SECRET_NAME_PATTERN = /^[0-9a-zA-Z-]{1,127}$/;

/** Attributes a client may set. `null` means "not given", as the SDK may send. */
export interface AttributeInput {
  enabled?: boolean;
  nbf?: number;
  exp?: number;
}

/** `SecretSetParameters`. */
export interface SetParameters {
  value: string;
  contentType?: string;
  tags?: Record<string, string>;
  attributes: AttributeInput;
}

/** `SecretUpdateParameters`. */
export interface UpdateParameters {
  contentType?: string;
  tags?: Record<string, string>;
  attributes: AttributeInput;
}

/** Validates a name from the URI; the message is the service's (unverified against a recording). */
export function assertSecretName(name: string): void {
  if (!SECRET_NAME_PATTERN.test(name)) throw vaultErrors.badParameter(`The request URI contains an invalid name: ${name}`);
}

/**
 * Reads a JSON object body: application/json only, at most {@link BODY_LIMIT_BYTES}. Every failure is
 * Key Vault's 400 BadParameter except an oversized body (413). Texts are the sandbox's own (unverified).
 */
export async function readJsonObject(ctx: RequestContext): Promise<Record<string, unknown>> {
  const contentType = String(ctx.req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  let text: string;
  try {
    text = await ctx.readText(BODY_LIMIT_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      throw new KeyVaultError(413, 'RequestEntityTooLarge', `The request body is too large. The maximum allowed size is ${BODY_LIMIT_BYTES} bytes.`);
    }
    throw error;
  }
  if (contentType !== 'application/json') {
    throw vaultErrors.badParameter(`The request content type '${contentType || '(none)'}' is not supported. Use 'application/json'.`);
  }
  if (text.trim() === '') throw vaultErrors.badParameter('The request body is empty.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw vaultErrors.badParameter('The request body is not a valid JSON document.');
  }
  if (!isObject(parsed)) throw vaultErrors.badParameter('The request body must be a JSON object.');
  return parsed;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The 2017-era capture "Property  has invalid value" (azure-sdk-for-node#2198) gives the template. */
function invalid(property: string): KeyVaultError {
  return vaultErrors.badParameter(`Property ${property} has invalid value`);
}

function readContentType(body: Record<string, unknown>): string | undefined {
  const value = body.contentType;
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length > MAX_CONTENT_TYPE_LENGTH) throw invalid('contentType');
  return value;
}

function readTags(body: Record<string, unknown>): Record<string, string> | undefined {
  const value = body.tags;
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw invalid('tags');
  const entries = Object.entries(value);
  if (entries.length > MAX_TAGS) throw vaultErrors.badParameter(`The number of tags exceeds the maximum of ${MAX_TAGS}.`);
  for (const [key, tag] of entries) {
    if (typeof tag !== 'string' || key.length === 0 || key.length > 512 || tag.length > 256) throw invalid('tags');
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

function readAttributes(body: Record<string, unknown>): AttributeInput {
  const value = body.attributes;
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw invalid('attributes');
  const result: AttributeInput = {};
  if (value.enabled !== undefined && value.enabled !== null) {
    if (typeof value.enabled !== 'boolean') throw invalid('attributes.enabled');
    result.enabled = value.enabled;
  }
  for (const key of ['nbf', 'exp'] as const) {
    const date = value[key];
    if (date === undefined || date === null) continue;
    if (typeof date !== 'number' || !Number.isInteger(date) || date < 0) throw invalid(`attributes.${key}`);
    result[key] = date;
  }
  return result;
}

/** Validates a set-secret body: a string value of at most 25 KB (UTF-8), optional fields well typed. */
export function parseSetParameters(body: Record<string, unknown>): SetParameters {
  const value = body.value;
  if (typeof value !== 'string') throw invalid('value');
  if (Buffer.byteLength(value, 'utf8') > MAX_SECRET_VALUE_BYTES) throw invalid('value');
  const contentType = readContentType(body);
  const tags = readTags(body);
  return { value, ...(contentType !== undefined ? { contentType } : {}), ...(tags ? { tags } : {}), attributes: readAttributes(body) };
}

/** Validates an update body; the value itself cannot be changed, so a `value` field is ignored. */
export function parseUpdateParameters(body: Record<string, unknown>): UpdateParameters {
  const contentType = readContentType(body);
  const tags = readTags(body);
  return { ...(contentType !== undefined ? { contentType } : {}), ...(tags ? { tags } : {}), attributes: readAttributes(body) };
}

/** Validates a restore body `{"value": "<base64url>"}` and returns the decoded blob (garbage decodes to garbage). */
export function parseRestoreParameters(body: Record<string, unknown>): Buffer {
  const value = body.value;
  if (typeof value !== 'string') throw invalid('value');
  return Buffer.from(value, 'base64url');
}
