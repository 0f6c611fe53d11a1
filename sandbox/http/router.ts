import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { readBody, BodyTooLargeError } from './body.js';
import { RouteTable } from './route-table.js';

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

/**
 * Method + path → handler, over the sandbox's one `RouteTable` (patterns and matching are described
 * there). Dispatching turns a thrown error into a 500 without a stack, a too-large body into a 413.
 */
export class Router {
  private readonly routes = new RouteTable<RouteHandler>();
  private fallback: RouteHandler = (ctx) => ctx.json(404, { error: { code: 'NotFound', message: 'Not found' } });

  /** Registers a handler. `method` may be '*' for any method. */
  on(method: string, path: string | RegExp, handler: RouteHandler): this {
    this.routes.add(method, path, handler);
    return this;
  }

  /** Handler for requests no route matched. */
  otherwise(handler: RouteHandler): this {
    this.fallback = handler;
    return this;
  }

  /** Finds the handler for a method and raw pathname; `methodMismatch` tells 405 from 404. */
  match(method: string, pathname: string): { handler: RouteHandler; params: Record<string, string> } | { handler: null; methodMismatch: boolean } {
    const found = this.routes.match(method, pathname);
    return found.route ? { handler: found.route, params: found.params } : { handler: null, methodMismatch: found.methodMismatch };
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
