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
  // Not aka.ms: it is an open redirector (any Microsoft team's short link can point anywhere).
]);

/**
 * The device-code page Entra returns as `verification_uri` ("https://microsoft.com/devicelogin";
 * https://learn.microsoft.com/entra/identity-platform/v2-oauth2-device-code) — that exact path only,
 * since microsoft.com as a whole hosts redirects too.
 */
const DEVICE_LOGIN = { hosts: ['microsoft.com', 'www.microsoft.com'], path: /^\/devicelogin\/?$/i };

/** True for an https URL on an allowlisted host, default port, no user info. */
export function isAllowedExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.port !== '' || url.username !== '' || url.password !== '') return false;
  const host = url.hostname.toLowerCase();
  return EXTERNAL_LINK_HOSTS.includes(host) || (DEVICE_LOGIN.hosts.includes(host) && DEVICE_LOGIN.path.test(url.pathname) && url.search === '');
}
