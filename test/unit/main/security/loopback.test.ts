import { describe, expect, it } from 'vitest';
import { isLoopbackHost, isLoopbackUrl } from '../../../../main/security/loopback.js';

// The one loopback check every layer uses (vault challenge relaxation, MSAL knownAuthorities, the
// sandbox CA trust, the preview's refusal of real tenants, MSAL's redirect listener).
describe('isLoopbackHost', () => {
  it.each([
    ['localhost', true],
    ['LOCALHOST', true],
    ['127.0.0.1', true],
    ['::1', true],
    ['[::1]', true],
    // The rest of 127.0.0.0/8 routes here too, but nothing of ours listens there: refused.
    ['127.0.0.2', false],
    ['127.255.255.255', false],
    ['127.1', false],
    // IPv4-mapped loopback: a second spelling of 127.0.0.1, refused.
    ['::ffff:127.0.0.1', false],
    ['[::ffff:7f00:1]', false],
    // A trailing dot is a fully-qualified name some resolvers send to DNS.
    ['localhost.', false],
    ['127.0.0.1.', false],
    ['localhost.example.com', false],
    ['127.0.0.1.nip.io', false],
    ['0.0.0.0', false],
    ['::', false],
    ['', false],
    ['localhost:8443', false],
  ])('%s → %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});

describe('isLoopbackUrl', () => {
  it.each([
    // The vault URL table the Key Vault client factory had (its assertions kept).
    ['https://localhost:8444', true],
    ['https://LOCALHOST:8444/', true],
    ['https://127.0.0.1:9000', true],
    ['https://[::1]:9000', true],
    ['http://localhost:8444', false],
    ['https://kv-contoso.vault.azure.net', false],
    ['https://localhost.evil.example', false],
    ['https://127.0.0.1.nip.io', false],
    ['https://127.0.0.2', false],
    ['https://user@evil.example?localhost', false],
    ['not a url', false],
    // The WHATWG parser writes IP literals one way; these are the address the request goes to.
    ['https://127.0.0.1./x', true],
    ['https://127.1:8443', true],
    ['https://[0:0:0:0:0:0:0:1]:8443', true],
    ['https://[::ffff:127.0.0.1]:8443', false],
    ['https://localhost.:8443', false],
    // User info in a loopback URL is refused: nothing of ours needs it.
    ['https://user:pass@localhost:8443', false],
  ])('%s → %s', (url, expected) => {
    expect(isLoopbackUrl(url)).toBe(expected);
  });

  it('checks the protocol asked for (MSAL listens on http loopback)', () => {
    expect(isLoopbackUrl('http://127.0.0.1:51234/', 'http:')).toBe(true);
    expect(isLoopbackUrl('https://127.0.0.1:51234/', 'http:')).toBe(false);
    expect(isLoopbackUrl('http://[::1]:51234/', 'http:')).toBe(true);
  });
});
