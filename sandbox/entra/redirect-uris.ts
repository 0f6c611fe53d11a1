import type { RequestContext } from '../http/router.js';
import { sendHtml, newNonce } from './html.js';
import { formPostPage } from './sign-in-page.js';

/**
 * Redirect URIs of the sandbox's public client and how responses reach them. The app registers
 * `http://localhost` (and `http://127.0.0.1`), like a desktop app using the system browser: Entra
 * ignores the port of loopback redirect URIs, so any port matches, but scheme, host and path must.
 */

export type ResponseMode = 'query' | 'fragment' | 'form_post';

/** Whether `uri` matches a registered redirect URI of the sandbox app. */
export function isRegisteredRedirectUri(uri: string): boolean {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:') return false;
  if (url.hostname !== 'localhost' && url.hostname !== '127.0.0.1') return false;
  if (url.username || url.password || url.hash) return false;
  return url.pathname === '/' && url.search === '';
}

/** Where an authorize response goes. */
export interface ResponseTarget {
  redirectUri: string;
  responseMode: ResponseMode;
  state?: string;
}

/**
 * Delivers an authorize response (code or error) the way `response_mode` asks: an auto-submitting
 * form (form_post, which MSAL Node 7 requires) or a 302 with a query or fragment.
 */
export function respondToClient(ctx: RequestContext, target: ResponseTarget, fields: Record<string, string>): void {
  const all = { ...fields, ...(target.state !== undefined ? { state: target.state } : {}) };
  if (target.responseMode === 'form_post') {
    const nonce = newNonce();
    sendHtml(ctx, 200, formPostPage({ nonce, redirectUri: target.redirectUri, fields: all }), {
      nonce,
      script: true,
      formAction: new URL(target.redirectUri).origin,
    });
    return;
  }
  const params = new URLSearchParams(all).toString();
  const location =
    target.responseMode === 'fragment'
      ? `${target.redirectUri}#${params}`
      : `${target.redirectUri}${target.redirectUri.includes('?') ? '&' : '?'}${params}`;
  ctx.send(302, '', { location, 'cache-control': 'no-store, no-cache', pragma: 'no-cache' });
}
