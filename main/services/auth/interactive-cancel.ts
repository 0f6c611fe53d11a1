import { isLoopbackHost } from '../../security/loopback.js';

/**
 * Makes msal-node's interactive sign-in cancellable. `acquireTokenInteractive` has no AbortSignal:
 * after opening the browser it waits for the loopback redirect for as long as it takes. To stop it,
 * we answer that redirect ourselves with an OAuth error (`access_denied`) and the request's own
 * `state`, exactly as Entra does when the user cancels; MSAL then closes its loopback server and
 * rejects, and the caller turns that into a CancelledError.
 */
export function cancellableBrowser(
  openBrowser: (url: string) => Promise<void>,
  signal: AbortSignal | undefined,
): { open: (url: string) => Promise<void>; dispose: () => void } {
  let authorizeUrl: string | undefined;
  const cancel = () => {
    if (authorizeUrl) void postCancel(authorizeUrl);
  };
  signal?.addEventListener('abort', cancel, { once: true });
  return {
    open: async (url) => {
      authorizeUrl = url;
      if (signal?.aborted) return cancel();
      await openBrowser(url);
    },
    dispose: () => signal?.removeEventListener('abort', cancel),
  };
}

async function postCancel(authorizeUrl: string): Promise<void> {
  const params = new URL(authorizeUrl).searchParams;
  const redirectUri = params.get('redirect_uri');
  const state = params.get('state');
  if (!redirectUri || !state) return;
  const target = new URL(redirectUri);
  // Only ever MSAL's own loopback listener. It binds 127.0.0.1, and "localhost" may resolve to ::1.
  if (target.protocol !== 'http:' || !isLoopbackHost(target.hostname)) return;
  if (target.hostname === 'localhost') target.hostname = '127.0.0.1';
  target.pathname = '/';
  try {
    await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ error: 'access_denied', error_description: 'Sign-in cancelled in JIT Vault', state }).toString(),
    });
  } catch {
    // The listener already closed: the sign-in finished or failed on its own.
  }
}
