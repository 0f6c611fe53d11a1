import { randomBytes } from 'node:crypto';
import type { RequestContext } from '../http/router.js';

/**
 * HTML plumbing for the sign-in pages: escaping (everything echoed goes through `escapeHtml`), one
 * self-contained layout (no external resources: inline CSS under a CSP nonce), and the security
 * headers real login pages send (CSP, no framing, no caching, no referrer).
 */

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`=]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A fresh CSP nonce for one response. */
export function newNonce(): string {
  return randomBytes(18).toString('base64');
}

const STYLE = `
body{margin:0;font-family:"Segoe UI",system-ui,-apple-system,sans-serif;background:#f2f2f2;color:#1b1b1b}
main{max-width:440px;margin:48px auto;background:#fff;padding:44px;box-shadow:0 2px 6px rgba(0,0,0,.2)}
h1{font-size:1.5rem;font-weight:600;margin:0 0 16px}
p{line-height:1.4}
label{display:block;margin:16px 0 4px;font-weight:600}
input[type=email],input[type=text],input[type=password]{width:100%;box-sizing:border-box;padding:8px;font-size:1rem;border:1px solid #666}
input:focus,button:focus{outline:3px solid #0067b8;outline-offset:2px}
.actions{display:flex;gap:8px;justify-content:flex-end;margin-top:24px}
button{padding:8px 24px;font-size:1rem;border:1px solid #0067b8;background:#0067b8;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#1b1b1b;border-color:#666}
.error{color:#a4262c;border-left:4px solid #a4262c;padding-left:8px}
.small{font-size:.85rem;color:#444;word-break:break-word}
.code{font-family:Consolas,monospace;font-size:1.2rem;letter-spacing:.1em}
`;

/** Wraps page content in the shared layout. `body` must already be escaped HTML. */
export function layout(title: string, body: string, nonce: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="none">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

/** Options for `sendHtml`. */
export interface HtmlResponseOptions {
  nonce: string;
  /** Where forms on the page may post (CSP form-action); default 'self'. */
  formAction?: string;
  /** Allow the page's nonce'd script (the auto-submitting form_post page only). */
  script?: boolean;
  headers?: Record<string, string>;
}

/** Sends an HTML page with a strict Content-Security-Policy and no caching. */
export function sendHtml(ctx: RequestContext, status: number, html: string, options: HtmlResponseOptions): void {
  const csp = [
    "default-src 'none'",
    `style-src 'nonce-${options.nonce}'`,
    options.script ? `script-src 'nonce-${options.nonce}'` : "script-src 'none'",
    "img-src 'none'",
    `form-action ${options.formAction ?? "'self'"}`,
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  ctx.send(status, html, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': csp,
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store, no-cache',
    pragma: 'no-cache',
    'strict-transport-security': 'max-age=31536000; includeSubDomains',
    ...options.headers,
  });
}

/** Hidden inputs for a set of fields (names and values escaped). */
export function hiddenInputs(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n');
}
