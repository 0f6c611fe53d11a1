import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { readBody, BodyTooLargeError } from './body.js';

/** Everything a route handler needs about one request. */
export interface RequestContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly method: string;
  /** Parsed URL; `searchParams` are properly percent-decoded (Key Vault sends `api%2Dversion`). */
  readonly url: URL;
  /** Named path parameters, already percent-decoded. */
  readonly params: Record<string, string>;
  /** Per-request id, echoed in headers and error bodies where the real service does. */
  readonly requestId: string;
  /** Reads the whole body as text, refusing more than `limitBytes` (default 1 MiB). */
  readText(limitBytes?: number): Promise<string>;
  /** Sends a JSON response. */
  json(status: number, body: unknown, headers?: Record<string, string>): void;
  /** Sends a text/html/other response. */
  send(status: number, body: string | Buffer, headers?: Record<string, string>): void;
}

/** A route handler. It may return a promise; thrown errors become a 500 without a stack. */
export type RouteHandler = (ctx: RequestContext) => void | Promise<void>;

interface Route {
  method: string;
  pattern: RegExp;
  keys: string[];
  handler: RouteHandler;
}

/**
 * Tiny method + path router. Patterns are path templates with `:name` segments
 * (`/secrets/:name/:version?`) or raw regular expressions with named groups.
 * Matching is against the raw (still encoded) pathname; parameters are decoded afterwards.
 */
export class Router {
  private readonly routes: Route[] = [];
  private fallback: RouteHandler = (ctx) => ctx.json(404, { error: { code: 'NotFound', message: 'Not found' } });

  /** Registers a handler. `method` may be '*' for any method. */
  on(method: string, path: string | RegExp, handler: RouteHandler): this {
    const { pattern, keys } = typeof path === 'string' ? compile(path) : { pattern: path, keys: [] };
    this.routes.push({ method: method.toUpperCase(), pattern, keys, handler });
    return this;
  }

  /** Handler for requests no route matched. */
  otherwise(handler: RouteHandler): this {
    this.fallback = handler;
    return this;
  }

  /** Finds the handler for a method and raw pathname; `methodMismatch` tells 405 from 404. */
  match(method: string, pathname: string): { handler: RouteHandler; params: Record<string, string> } | { handler: null; methodMismatch: boolean } {
    let methodMismatch = false;
    for (const route of this.routes) {
      const m = route.pattern.exec(pathname);
      if (!m) continue;
      if (route.method !== '*' && route.method !== method) {
        methodMismatch = true;
        continue;
      }
      const params: Record<string, string> = {};
      route.keys.forEach((key, i) => {
        const raw = m[i + 1];
        if (raw !== undefined) params[key] = safeDecode(raw);
      });
      if (m.groups) for (const [k, v] of Object.entries(m.groups)) if (v !== undefined) params[k] = safeDecode(v);
      return { handler: route.handler, params };
    }
    return { handler: null, methodMismatch };
  }

  /** Dispatches one request; never throws. */
  async dispatch(req: IncomingMessage, res: ServerResponse, origin: string): Promise<void> {
    const ctx = createContext(req, res, origin, {});
    const found = this.match(ctx.method, ctx.url.pathname);
    const handler = found.handler ?? this.fallback;
    const full = found.handler ? createContext(req, res, origin, found.params, ctx.requestId) : ctx;
    try {
      await handler(full);
    } catch (error) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof BodyTooLargeError) {
        full.json(413, { error: { code: 'RequestEntityTooLarge', message: 'The request body is too large.' } });
        return;
      }
      full.json(500, { error: { code: 'InternalServerError', message: 'The sandbox failed to handle this request.' } });
      // Names and codes only: the error message of a handler never carries secret values.
      process.stderr.write(`sandbox: handler error on ${ctx.method} ${ctx.url.pathname}: ${(error as Error)?.name ?? 'Error'}: ${(error as Error)?.message ?? ''}\n`);
    }
  }
}

function compile(path: string): { pattern: RegExp; keys: string[] } {
  const keys: string[] = [];
  const source = path
    .split('/')
    .map((segment) => {
      if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const optional = segment.endsWith('?');
      keys.push(segment.slice(1, optional ? -1 : undefined));
      return optional ? '?([^/]*)' : '([^/]+)';
    })
    .join('/');
  return { pattern: new RegExp(`^${source}/?$`), keys };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function createContext(
  req: IncomingMessage,
  res: ServerResponse,
  origin: string,
  params: Record<string, string>,
  requestId: string = randomUUID(),
): RequestContext {
  let url: URL;
  try {
    url = new URL(req.url ?? '/', origin);
  } catch {
    url = new URL('/', origin);
  }
  return {
    req,
    res,
    method: (req.method ?? 'GET').toUpperCase(),
    url,
    params,
    requestId,
    readText: (limitBytes) => readBody(req, limitBytes),
    json(status, body, headers = {}) {
      const payload = JSON.stringify(body);
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(payload),
        ...headers,
      });
      res.end(payload);
    },
    send(status, body, headers = {}) {
      res.writeHead(status, { 'content-length': Buffer.byteLength(body), ...headers });
      res.end(body);
    },
  };
}
