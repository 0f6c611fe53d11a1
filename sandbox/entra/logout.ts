import type { RequestContext, Router } from '../http/router.js';
import { resolveTenantSegment } from './directory.js';
import type { EntraServices } from './entra-services.js';
import { EntraError } from './errors.js';
import { readFormBody } from './form-body.js';
import { newNonce, sendHtml } from './html.js';
import { sendErrorPage, signedOutPage } from './sign-in-page.js';

/**
 * `/{tenant}/oauth2/v2.0/logout` (end_session_endpoint). The sandbox keeps no browser session, so
 * signing out only redirects: to `post_logout_redirect_uri` when it is a loopback URI of the app
 * (with `state`), else to a "You signed out" page.
 */
export function registerLogoutRoutes(router: Router, services: EntraServices): void {
  const path = '/:tenant/oauth2/v2.0/logout';
  router.on('GET', path, (ctx) => logout(services, ctx, ctx.url.searchParams));
  router.on('POST', path, async (ctx) => {
    try {
      await logout(services, ctx, await readFormBody(ctx));
    } catch (error) {
      if (!(error instanceof EntraError)) throw error;
      sendErrorPage(ctx, error, services.context.clock.now());
    }
  });
}

async function logout(services: EntraServices, ctx: RequestContext, params: URLSearchParams): Promise<void> {
  try {
    resolveTenantSegment(services.context.store, ctx.params.tenant ?? '');
  } catch (error) {
    if (!(error instanceof EntraError)) throw error;
    return sendErrorPage(ctx, error, services.context.clock.now());
  }
  const target = params.get('post_logout_redirect_uri');
  if (target && isLoopbackHttp(target)) {
    const url = new URL(target);
    const state = params.get('state');
    if (state !== null) url.searchParams.set('state', state);
    ctx.send(302, '', { location: url.toString(), 'cache-control': 'no-store, no-cache' });
    return;
  }
  const nonce = newNonce();
  sendHtml(ctx, 200, signedOutPage({ nonce }), { nonce });
}

function isLoopbackHttp(uri: string): boolean {
  try {
    const url = new URL(uri);
    return (url.protocol === 'http:' || url.protocol === 'https:') && (url.hostname === 'localhost' || url.hostname === '127.0.0.1') && !url.username && !url.password;
  } catch {
    return false;
  }
}
