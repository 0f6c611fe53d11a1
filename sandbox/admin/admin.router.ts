import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxContext } from '../context.js';
import { Router, type RouteHandler } from '../http/router.js';
import { registerEntraAdminRoutes } from '../entra/entra-admin.routes.js';
import { AdminError, hasAdminKey, sendAdminError } from './admin-http.js';
import { registerClockAdminRoutes } from './clock-admin.routes.js';
import { registerFaultAdminRoutes } from './fault-admin.routes.js';
import { registerPimAdminRoutes } from './pim-admin.routes.js';
import { registerSettingsAdminRoutes } from './settings-admin.routes.js';
import { registerStateAdminRoutes } from './state-admin.routes.js';
import { registerVaultAdminRoutes } from './vault-admin.routes.js';

/** Path prefix of the admin API on the authority origin. */
export const ADMIN_PREFIX = '/_admin';

/**
 * The admin API's router. Every request must carry the admin key (checked before routing, so an
 * unauthenticated caller cannot even tell which routes exist), and every handler — including those
 * registered by other modules — is wrapped so an {@link AdminError} becomes
 * `{ error: { code, message } }` with its status instead of a 500.
 */
class AdminRouter extends Router {
  constructor(private readonly adminKey: string) {
    super();
    this.otherwise((ctx) => {
      const found = this.match(ctx.method, ctx.url.pathname);
      if (!found.handler && found.methodMismatch) sendAdminError(ctx, 405, 'MethodNotAllowed', `${ctx.method} is not allowed on ${ctx.url.pathname}`);
      else sendAdminError(ctx, 404, 'NotFound', `No admin route ${ctx.method} ${ctx.url.pathname}`);
    });
  }

  override on(method: string, path: string | RegExp, handler: RouteHandler): this {
    return super.on(method, path, withAdminErrors(handler));
  }

  override async dispatch(req: IncomingMessage, res: ServerResponse, origin: string): Promise<void> {
    if (!hasAdminKey(req, this.adminKey)) {
      // Do not read the body of an unauthenticated request; let it drain.
      req.resume();
      const payload = JSON.stringify({ error: { code: 'Unauthorized', message: 'The sandbox admin key is missing or wrong (x-sandbox-admin-key or Authorization: Bearer).' } });
      res.writeHead(401, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(payload),
        'www-authenticate': 'Bearer realm="jit-vault-sandbox-admin"',
      });
      res.end(payload);
      return;
    }
    await super.dispatch(req, res, origin);
  }
}

function withAdminErrors(handler: RouteHandler): RouteHandler {
  return async (ctx) => {
    try {
      await handler(ctx);
    } catch (error) {
      if (!(error instanceof AdminError) || ctx.res.headersSent) throw error;
      // The body may be unread (e.g. a 415 before parsing): drain it so the connection stays usable.
      ctx.req.resume();
      sendAdminError(ctx, error.status, error.code, error.message);
    }
  };
}

/** The sandbox admin API (requires the admin key). Routes carry the full `/_admin/...` path. */
export function createAdminRouter(context: SandboxContext): Router {
  const router = new AdminRouter(context.adminKey);
  router.on('GET', `${ADMIN_PREFIX}/health`, (ctx) => ctx.json(200, { status: 'ok', time: context.clock.iso() }));
  registerSettingsAdminRoutes(router, context);
  registerClockAdminRoutes(router, context);
  registerFaultAdminRoutes(router, context);
  registerVaultAdminRoutes(router, context);
  registerStateAdminRoutes(router, context);
  // Routes owned by the PIM and Entra work: behind the same key check and error mapping.
  registerPimAdminRoutes(router, context);
  registerEntraAdminRoutes(router, context);
  return router;
}
