/**
 * The one loopback check. "Loopback" decides where JIT Vault relaxes a rule for the local sandbox
 * (MSAL's `knownAuthorities`, Key Vault's challenge resource check, trusting the sandbox CA, the
 * preview's refusal of real tenants, which redirect MSAL's listener may receive), so it is narrow
 * on purpose: exactly the names the sandbox and MSAL's listener bind — `localhost`, `127.0.0.1`
 * and `::1` — and nothing that merely routes to this machine.
 *
 * Refused, deliberately:
 * - the rest of 127.0.0.0/8 (`127.0.0.2`) and IPv4-mapped `::ffff:127.0.0.1`: nothing of ours
 *   listens there, and every extra spelling widens the exception for nothing;
 * - a trailing dot (`localhost.`): a fully-qualified name some resolvers send to DNS;
 * - look-alikes (`localhost.example.com`, `127.0.0.1.nip.io`), `0.0.0.0` and `::`.
 *
 * URLs are read with the WHATWG parser, which already writes IPv4 and IPv6 literals one way
 * (`https://127.1/` and `https://127.0.0.1./` are 127.0.0.1, `[0:0:0:0:0:0:0:1]` is `[::1]`):
 * those are the address the connection really goes to, so they count.
 */

/** Host names (as `URL.hostname` writes them, lower case) that can only mean "this machine". */
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/**
 * True for `localhost`, `127.0.0.1`, `::1` and `[::1]` (any letter case). `host` is a bare host
 * name or IP literal — `URL.hostname`, a TLS `host`/`servername` option — never `host:port`.
 */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host.toLowerCase());
}

/**
 * True when `raw` parses as a URL with the given protocol (`'https:'` by default), a loopback
 * host (`isLoopbackHost`) and no user info. An unparsable string is false, never an exception.
 */
export function isLoopbackUrl(raw: string, protocol: 'https:' | 'http:' = 'https:'): boolean {
  const url = parseUrl(raw);
  return !!url && url.protocol === protocol && url.username === '' && url.password === '' && isLoopbackHost(url.hostname);
}

/** `new URL(raw)`, or undefined for a string that is not a URL. */
function parseUrl(raw: string): URL | undefined {
  try {
    return new URL(raw);
  } catch {
    return undefined;
  }
}
