import type { RequestContext } from './router.js';

/**
 * CORS for the origins a browser app (an SPA) calls directly: Entra's token and device-code endpoints
 * and Microsoft Graph both answer the preflight (`OPTIONS` with `Access-Control-Request-Method`),
 * which a browser sends before a POST with a form or JSON body or an Authorization header. Bearer
 * tokens, not cookies, authorise these calls, so the answer allows any origin without credentials;
 * the requested headers are echoed (the exact header lists of the real services are unverified).
 */
export function answerPreflight(ctx: RequestContext, methods: readonly string[]): void {
  ctx.req.resume();
  const requested = String(ctx.req.headers['access-control-request-headers'] ?? '').slice(0, 1024);
  ctx.res.writeHead(200, {
    'access-control-allow-origin': '*',
    'access-control-allow-methods': methods.join(', '),
    ...(requested ? { 'access-control-allow-headers': requested } : {}),
    'access-control-max-age': '86400',
    'content-length': '0',
  });
  ctx.res.end();
}

/** Whether the request is a CORS preflight (not just any OPTIONS). */
export function isPreflight(ctx: RequestContext): boolean {
  return ctx.method === 'OPTIONS' && ctx.req.headers['access-control-request-method'] !== undefined;
}

/** Headers a cross-origin caller needs on the real response to read it (and Graph's id headers). */
export function corsResponseHeaders(ctx: RequestContext, expose: readonly string[] = []): Record<string, string> {
  if (ctx.req.headers.origin === undefined) return {};
  return { 'access-control-allow-origin': '*', ...(expose.length ? { 'access-control-expose-headers': expose.join(', ') } : {}) };
}
