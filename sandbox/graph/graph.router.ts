import type { SandboxContext } from '../context.js';
import { answerPreflight, isPreflight } from '../http/cors.js';
import { RouteTable } from '../http/route-table.js';
import { Router, type RequestContext } from '../http/router.js';
import { PimError, badRequest } from '../pim/pim-errors.js';
import { pimContext, settle } from '../pim/pim-lifecycle.js';
import { approvalRoutes } from './approval.routes.js';
import type { GraphCall, GraphRoute } from './graph-call.js';
import { authenticate, GraphAuthError, graphChallenge, sendGraphError } from './graph-http.js';
import { meRoutes } from './me.routes.js';
import { parseODataQuery } from './odata.js';
import { pimGroupRoutes } from './pim-group.routes.js';
import { policyRoutes } from './policy.routes.js';
import { answerUserInfo, USERINFO_PATH } from './userinfo.routes.js';

/**
 * Microsoft Graph v1.0 on the graph origin: `/me`, PIM for Groups (identityGovernance/privilegedAccess/group)
 * and role management policies. One catch-all route: Graph paths are case-insensitive and clients
 * percent-encode function parameters differently (`on='principal'` vs `on=%27principal%27`), so the
 * path is decoded and matched here rather than by the generic Router.
 */
export function createGraphRouter(context: SandboxContext): Router {
  const routes = new RouteTable<GraphRoute>();
  for (const route of [...meRoutes(), ...pimGroupRoutes(), ...approvalRoutes(), ...policyRoutes()]) routes.add(route.method, route.pattern, route);
  return new Router().on('*', /^\/.*$/, (ctx) => handle(context, routes, ctx));
}

async function handle(context: SandboxContext, routes: RouteTable<GraphRoute>, ctx: RequestContext): Promise<void> {
  // Graph answers browsers' CORS preflight before (and without) authentication.
  if (isPreflight(ctx)) return answerPreflight(ctx, ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
  try {
    const path = decodePath(ctx.url.pathname).replace(/\/+$/, '');
    const version = /^\/([^/]*)/.exec(path)?.[1] ?? '';
    const identity = await authenticate(ctx, context);
    if (USERINFO_PATH.test(path)) return answerUserInfo(ctx, context, identity);
    if (version.toLowerCase() !== 'v1.0') throw badRequest(`Invalid version: ${version}`);
    const rest = path.slice(version.length + 1);
    const found = routes.match(ctx.method, rest);
    if (found.route) {
      const pim = pimContext(context.store, identity.tenant);
      if (settle(pim)) context.store.changed();
      const call: GraphCall = {
        ctx,
        context,
        identity,
        pim,
        caller: {
          oid: identity.user.oid,
          amr: Array.isArray(identity.claims.amr) ? identity.claims.amr : [],
          acrs: Array.isArray(identity.claims.acrs) ? identity.claims.acrs : [],
        },
        query: parseODataQuery(ctx.url),
        serviceRoot: `${context.origins.graph}/v1.0`,
      };
      await found.route.handler(call, found.match);
      return;
    }
    if (found.methodMismatch) throw new PimError(405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request target.');
    const segment = rest.split('/').filter(Boolean).pop() ?? '';
    throw badRequest(`Resource not found for the segment '${segment}'.`);
  } catch (error) {
    if (ctx.res.headersSent) throw error;
    if (error instanceof GraphAuthError) return sendGraphError(ctx, context, error, { 'www-authenticate': graphChallenge(context) });
    if (error instanceof PimError) return sendGraphError(ctx, context, error);
    throw error;
  }
}

function decodePath(pathname: string): string {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return pathname;
  }
}
