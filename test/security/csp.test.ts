import { describe, expect, it } from 'vitest';
import viteConfig from '../../electron.vite.config.js';
import { buildContentSecurityPolicy, CONTENT_SECURITY_POLICY } from '../../shared/csp.js';

/** Parses "a b; c d" into { a: ['b'], c: ['d'] }. */
function parse(policy: string): Record<string, string[]> {
  return Object.fromEntries(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

describe('the renderer CSP (checklist #7)', () => {
  const csp = parse(CONTENT_SECURITY_POLICY);

  it('denies by default and allows only the app itself', () => {
    expect(csp).toEqual({
      'default-src': ["'none'"],
      'script-src': ["'self'"],
      'style-src': ["'self'"],
      'img-src': ["'self'", 'data:'],
      'font-src': ["'self'"],
      'connect-src': ["'self'"],
      'frame-ancestors': ["'none'"],
      'base-uri': ["'none'"],
      'form-action': ["'none'"],
    });
  });

  it('has no inline code, no eval, no wildcard, no plain http and no remote origin anywhere', () => {
    for (const [directive, sources] of Object.entries(csp)) {
      for (const source of sources) {
        expect(source, directive).not.toMatch(/unsafe-|\*|^http:|^https:|^ws:|^wss:|^blob:|^filesystem:/);
      }
    }
    expect(csp['object-src'] ?? csp['default-src']).toEqual(["'none'"]);
  });

  it('is the policy the build injects into index.html as a meta tag', async () => {
    const renderer = (viteConfig as { renderer: { plugins: unknown[] } }).renderer;
    const plugin = renderer.plugins.flat().find((p) => (p as { name?: string })?.name === 'jit-vault:csp-meta') as {
      transformIndexHtml: { handler: () => { tag: string; attrs: Record<string, string> }[] };
    };
    expect(plugin).toBeDefined();
    const tags = await plugin.transformIndexHtml.handler();
    expect(tags).toEqual([expect.objectContaining({ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY } })]);
  });

  it("the preview's extra loopback WebSocket never reaches the Electron build", () => {
    expect(CONTENT_SECURITY_POLICY).not.toContain('ws:');
    expect(parse(buildContentSecurityPolicy({ preview: true }))['connect-src']).toEqual(["'self'", 'ws://127.0.0.1:*']);
  });
});
