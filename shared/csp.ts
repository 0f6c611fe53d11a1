/**
 * The renderer's Content-Security-Policy. Nothing may load or connect anywhere but the app's own
 * origin (`app://` in Electron): no inline scripts or styles, no eval, no plugins, no framing, no
 * form posts. It is checked as data by the security tests (CONVENTIONS §12) and injected into
 * renderer/index.html at build time (electron.vite.config.ts), so there is one source of truth.
 *
 * `frame-ancestors` is ignored in a `<meta>` CSP; main also sends this policy as a response header
 * from the `app://` protocol handler, where it does apply.
 */
export const CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = Object.freeze({
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

/**
 * Extra connect source for the browser preview build ONLY (DESIGN.md, "web bridge"): there the renderer
 * has no preload bridge and reaches the real main-process services through a WebSocket "web
 * bridge" on loopback. The Electron build never gets it.
 */
export const PREVIEW_CONNECT_SOURCES: readonly string[] = Object.freeze(['ws://127.0.0.1:*']);

/** Serialises directives into a policy string. */
export function serializeCsp(directives: Readonly<Record<string, readonly string[]>>): string {
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

/** The policy for a build: the strict Electron policy, or the preview's (plus loopback WebSocket). */
export function buildContentSecurityPolicy(options: { preview?: boolean } = {}): string {
  if (!options.preview) return serializeCsp(CSP_DIRECTIVES);
  return serializeCsp({ ...CSP_DIRECTIVES, 'connect-src': [...CSP_DIRECTIVES['connect-src']!, ...PREVIEW_CONNECT_SOURCES] });
}

/** The Electron renderer's policy. */
export const CONTENT_SECURITY_POLICY: string = buildContentSecurityPolicy();
