import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import { BodyTooLargeError } from '../http/body.js';
import type { RequestContext } from '../http/router.js';

/** Admin request bodies are small JSON documents; 64 KiB is far more than any of them needs. */
export const ADMIN_BODY_LIMIT = 64 * 1024;

/**
 * An admin API failure with its HTTP status. Thrown by admin handlers (and the helpers below);
 * the admin router turns it into `{ error: { code, message } }`.
 */
export class AdminError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'AdminError';
  }
}

/** Sends the admin API's error shape. */
export function sendAdminError(ctx: RequestContext, status: number, code: string, message: string, headers?: Record<string, string>): void {
  ctx.json(status, { error: { code, message } }, headers);
}

/**
 * Whether the request carries the admin key, as `x-sandbox-admin-key: <key>` or
 * `Authorization: Bearer <key>`. Compared in constant time (over SHA-256 digests, so the length
 * of a wrong guess does not show either).
 */
export function hasAdminKey(req: IncomingMessage, adminKey: string): boolean {
  const candidates: string[] = [];
  const header = req.headers['x-sandbox-admin-key'];
  if (typeof header === 'string') candidates.push(header.trim());
  const authorization = req.headers.authorization;
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (match?.[1]) candidates.push(match[1]);
  }
  const expected = createHash('sha256').update(adminKey).digest();
  let ok = false;
  // Check every candidate (no early exit), so timing does not reveal which header matched.
  for (const candidate of candidates) {
    const given = createHash('sha256').update(candidate).digest();
    if (timingSafeEqual(given, expected)) ok = true;
  }
  return ok && adminKey.length > 0;
}

/** Formats a zod failure as one message that names the field at fault. */
export function describeZodError(error: z.ZodError, root = 'body'): string {
  const issue = error.issues[0];
  if (!issue) return `${root}: invalid`;
  const path = [root, ...issue.path.map(String)].join('.');
  if (issue.code === 'unrecognized_keys') {
    const keys = (issue as { keys?: string[] }).keys ?? [];
    return `${keys.map((k) => `${path}.${k}`).join(', ')}: unknown field${keys.length === 1 ? '' : 's'}`;
  }
  return `${path}: ${issue.message}`;
}

/**
 * Reads a JSON body and validates it with `schema`. Refuses non-JSON content types (415), bodies
 * over {@link ADMIN_BODY_LIMIT} (413), malformed JSON and schema failures (400, naming the field).
 * An empty body is read as `{}` so "no options" requests need no body.
 */
export async function readAdminJson<S extends z.ZodType>(ctx: RequestContext, schema: S): Promise<z.infer<S>> {
  const contentType = ctx.req.headers['content-type'];
  let text: string;
  try {
    text = await ctx.readText(ADMIN_BODY_LIMIT);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new AdminError(413, 'PayloadTooLarge', `body: larger than ${ADMIN_BODY_LIMIT} bytes`);
    throw new AdminError(400, 'BadRequest', 'body: could not be read');
  }
  let json: unknown = {};
  if (text.trim() !== '') {
    if (contentType !== undefined && !/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(contentType)) {
      throw new AdminError(415, 'UnsupportedMediaType', 'content-type: must be application/json');
    }
    try {
      json = JSON.parse(text);
    } catch {
      throw new AdminError(400, 'InvalidJson', 'body: is not valid JSON');
    }
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new AdminError(400, 'ValidationFailed', describeZodError(parsed.error));
  return parsed.data;
}

/** Parses an optional non-negative integer query parameter, naming it on failure. */
export function queryInteger(ctx: RequestContext, name: string, fallback: number): number {
  const raw = ctx.url.searchParams.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^\d{1,15}$/.test(raw)) throw new AdminError(400, 'ValidationFailed', `query.${name}: must be a non-negative integer`);
  return Number(raw);
}
