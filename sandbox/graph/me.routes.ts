import { contextUrl, type GraphCall, type GraphRoute } from './graph-call.js';
import { requirePermission, sendGraphJson } from './graph-http.js';
import { applySelect } from './odata.js';
import { USER_PROPERTIES, userJson } from './directory-views.js';

/** Delegated permissions that allow reading the signed-in user (user-get.md), least privileged first. */
const ME_READ = ['User.Read', 'User.ReadWrite', 'User.ReadBasic.All', 'User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All', 'Directory.AccessAsUser.All'];

/**
 * GET /me (user-get.md): the default property set, or only the `$select`ed ones; the context then
 * names them: `$metadata#users(displayName,mail)/$entity`.
 */
function getMe(call: GraphCall): void {
  requirePermission(call.identity, ME_READ, 'directory');
  const { user } = call.identity;
  const json = userJson(user, call.context.store.homeUser(user));
  const select = call.query.select;
  const selected = select?.length ? applySelect({ ...json, accountEnabled: true, userType: user.guestOf ? 'Guest' : 'Member' }, select, USER_PROPERTIES) : json;
  const projection = select?.length ? `(${select.join(',')})` : '';
  sendGraphJson(call.ctx, 200, { '@odata.context': contextUrl(call, `users${projection}/$entity`), ...selected });
}

/** /me routes. */
export function meRoutes(): GraphRoute[] {
  return [{ method: 'GET', pattern: /^\/me$/i, handler: getMe }];
}
