import { isAllowedExternalUrl } from '../security/external-links.js';

/** Electron's shell.openExternal, injected. */
export interface ExternalOpener {
  openExternal(url: string, options?: { activate?: boolean }): Promise<void>;
}

/**
 * The one way JIT Vault opens a link outside itself: https on the Microsoft portal/documentation
 * allowlist only (main/security/external-links.ts), parsed again here even though the IPC handler already
 * checked — a window-open handler or a notification reaches this without that handler.
 * Checklist #15 https://www.electronjs.org/docs/latest/tutorial/security#15-do-not-use-shellopenexternal-with-untrusted-content
 */
export async function openExternalSafely(shell: ExternalOpener, url: string): Promise<void> {
  if (!isAllowedExternalUrl(url)) throw new Error('JIT Vault only opens Microsoft portal and documentation links (https).');
  await shell.openExternal(new URL(url).href);
}

/**
 * Opens an interactive sign-in page (a real tenant's authorize URL) in the system browser: https
 * only, no credentials in the URL. The authority host is the configured tenant's (login.microsoftonline.com,
 * a sovereign cloud, or the organisation's own), so this is not the portal allowlist.
 */
export async function openSignInPage(shell: ExternalOpener, url: string): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('The sign-in address is not a valid URL.');
  }
  if (parsed.protocol !== 'https:' || parsed.username || parsed.password) throw new Error('JIT Vault only opens https sign-in pages.');
  await shell.openExternal(parsed.href);
}
