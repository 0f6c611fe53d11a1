/**
 * The links `app:openExternal` may open in the system browser: https on Microsoft's portal and
 * documentation hosts only (Electron security checklist: "safe openExternal allowlist"). Exact host
 * names — no wildcard — so `portal.azure.com.evil.example` or `evil.example/?portal.azure.com` fail.
 */
export const EXTERNAL_LINK_HOSTS: readonly string[] = Object.freeze([
  'portal.azure.com',
  'entra.microsoft.com',
  'myaccess.microsoft.com',
  'mysignins.microsoft.com',
  'learn.microsoft.com',
  'docs.microsoft.com',
  'aka.ms',
]);

/** True for an https URL on an allowlisted host, default port, no user info. */
export function isAllowedExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return url.protocol === 'https:' && url.port === '' && url.username === '' && url.password === '' && EXTERNAL_LINK_HOSTS.includes(url.hostname.toLowerCase());
}
