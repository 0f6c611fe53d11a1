import type { SandboxContext } from '../context.js';
import type { RequestContext } from '../http/router.js';
import { pairwise } from '../entra/token-issuer.js';
import { PimError } from '../pim/pim-errors.js';
import { userJson } from './directory-views.js';
import { graphHeaders, type GraphIdentity } from './graph-http.js';

/** The UserInfo path on the Graph origin (the OpenID configuration's `userinfo_endpoint`). */
export const USERINFO_PATH = /^\/oidc\/userinfo$/i;

/**
 * `GET|POST https://graph.microsoft.com/oidc/userinfo` (learn.microsoft.com/entra/identity-platform/userinfo):
 * a Graph-audience bearer token; the `openid` permission is required, `profile` adds the name claims
 * and `email` the address. `sub` is the same pairwise value the ID token of that client carries (per
 * user and app), and `picture` points at the user's photo on Graph, as the documented example does.
 */
export function answerUserInfo(ctx: RequestContext, context: SandboxContext, identity: GraphIdentity): void {
  if (ctx.method !== 'GET' && ctx.method !== 'POST') throw new PimError(405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request target.');
  ctx.req.resume();
  if (!identity.permissions.has('openid')) throw new PimError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
  const user = userJson(identity.user, context.store.homeUser(identity.user));
  const appId = typeof identity.claims.appid === 'string' ? identity.claims.appid : String(identity.claims.azp ?? '');
  const body: Record<string, unknown> = { sub: pairwise(identity.user.oid, appId) };
  if (identity.permissions.has('profile')) {
    body.name = identity.user.displayName;
    body.family_name = user.surname ?? undefined;
    body.given_name = user.givenName ?? undefined;
    body.picture = `${context.origins.graph}/v1.0/me/photo/$value`;
  }
  if (identity.permissions.has('email') && typeof user.mail === 'string') body.email = user.mail;
  ctx.json(200, body, { ...graphHeaders(ctx), 'content-type': 'application/json; charset=utf-8' });
}
