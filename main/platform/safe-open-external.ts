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
 * Opens an item's link (vault:openLink) with the OS: an http(s) URL without credentials, or an
 * rdp:// / ssh:// URI without a password. The link was built in main from the item's tags (see
 * main/services/vault/tag-conventions.ts); it is checked again here because this is the door to the OS.
 */
export async function openItemLinkSafely(shell: ExternalOpener, uri: string): Promise<void> {
  const isRdp = uri.startsWith('rdp://');
  const decoded = decodedOrUndefined(uri);
  if (decoded === undefined || (!isRdp && !URL.canParse(uri))) throw new Error('The item link is not a valid URL.');
  const allowed = !hasControlCharacter(decoded) && (isRdp ? isSafeRdpUri(decoded) : isSafeWebOrSshUrl(new URL(uri)));
  if (!allowed) throw new Error('JIT Vault only opens http(s) item links and rdp:// or ssh:// connections without a password.');
  await shell.openExternal(isRdp || uri.startsWith('ssh://') ? uri : new URL(uri).href);
}

/** Line breaks, tabs and other controls (even percent-encoded) smuggle extra arguments into a URI handler. */
function hasControlCharacter(text: string): boolean {
  return [...text].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f);
}

/** The attributes JIT Vault itself writes into an RDP URI (connectUri): the address and the user name. */
const RDP_ATTRIBUTES = new Set(['full address', 'username']);

function decodedOrUndefined(uri: string): string | undefined {
  try {
    return decodeURIComponent(uri);
  } catch {
    return undefined;
  }
}

/**
 * Microsoft's `rdp://` attribute URI (`rdp://full%20address=s:host&username=s:user`) is not a
 * WHATWG URL — its "s:" reads as a bad port — so it is checked as the attribute list it is.
 */
function isSafeRdpUri(decoded: string): boolean {
  const attributes = decoded.slice('rdp://'.length).split('&');
  return attributes.every((attribute) => {
    const match = /^([a-z ]+)=s:(.+)$/i.exec(attribute);
    return match !== null && RDP_ATTRIBUTES.has(match[1]!.toLowerCase()) && !match[2]!.startsWith('-');
  });
}

/** https/http without user info, or ssh with no password and no user or host that a client would read as an option. */
function isSafeWebOrSshUrl(parsed: URL): boolean {
  if (parsed.protocol === 'https:' || parsed.protocol === 'http:') return !parsed.username && !parsed.password;
  if (parsed.protocol !== 'ssh:') return false;
  return !parsed.password && !parsed.username.startsWith('-') && !parsed.hostname.startsWith('-') && parsed.hostname !== '';
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
