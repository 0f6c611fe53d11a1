import type { SandboxContext } from '../context.js';
import type { Router } from '../http/router.js';
import { revokeUserRefreshTokens } from './refresh-tokens.js';

/**
 * Entra-side admin routes (mounted by admin/admin.router.ts, after the key check; paths carry the
 * /_admin prefix):
 * - `POST /_admin/tenants/:tenantId/users/:oid/revoke-sessions` revokes the user's refresh tokens
 *   (like Graph's revokeSignInSessions). For a guest, the home account's tokens are revoked, since
 *   refresh tokens are bound to the home account. Answers 200 `{"value": true, "revokedRefreshTokens": n}`
 *   (Graph answers `{"value": true}`), or 404 when the tenant or user does not exist.
 */
export function registerEntraAdminRoutes(router: Router, context: SandboxContext): void {
  router.on('POST', '/_admin/tenants/:tenantId/users/:oid/revoke-sessions', (ctx) => {
    ctx.req.resume();
    const tenant = context.store.tenant(ctx.params.tenantId ?? '');
    const user = tenant?.users.find((u) => u.oid.toLowerCase() === (ctx.params.oid ?? '').toLowerCase());
    if (!tenant || !user) {
      ctx.json(404, { error: { code: 'NotFound', message: 'No such tenant or user.' } });
      return;
    }
    const home = user.guestOf ?? { tenantId: tenant.id, oid: user.oid };
    const revoked = revokeUserRefreshTokens(context, home.tenantId, home.oid);
    ctx.json(200, { value: true, revokedRefreshTokens: revoked });
  });
}
