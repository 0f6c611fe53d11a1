import type { SandboxContext } from '../context.js';
import { Router } from '../http/router.js';
import { registerAuthorizeRoutes } from './authorize.js';
import { registerDeviceCodeRoutes } from './device-code.js';
import { registerDiscoveryRoutes } from './discovery.js';
import { createEntraServices } from './entra-services.js';
import { escapeHtml, layout, newNonce, sendHtml } from './html.js';
import { registerLogoutRoutes } from './logout.js';
import { registerTokenEndpoint } from './token-endpoint.js';
import { registerUserRealmRoutes } from './user-realm.js';

/**
 * Entra ID v2.0 on the authority origin: discovery, authorize (sign-in pages), token, devicecode
 * and the device login page, logout, and the `error_uri` target. Tenant path segments may be a
 * tenant id, its domain, `common` or `organizations`.
 */
export function createEntraRouter(context: SandboxContext): Router {
  const services = createEntraServices(context);
  const router = new Router();
  registerDiscoveryRoutes(router, services);
  registerAuthorizeRoutes(router, services);
  registerTokenEndpoint(router, services);
  registerDeviceCodeRoutes(router, services);
  registerLogoutRoutes(router, services);
  registerUserRealmRoutes(router, services);
  router.on('GET', '/error', (ctx) => {
    const code = (ctx.url.searchParams.get('code') ?? '').replace(/[^0-9]/g, '').slice(0, 10);
    const nonce = newNonce();
    const body = `<h1>AADSTS${escapeHtml(code)}</h1><p>This is the local Azure sandbox. See Microsoft's AADSTS error code reference for the meaning of this code.</p>`;
    sendHtml(ctx, 200, layout(`AADSTS${code}`, body, nonce), { nonce });
  });
  return router;
}
