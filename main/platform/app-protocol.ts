import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp.js';
import { APP_HOST, APP_SCHEME } from '../security/app-origin.js';

/** Electron's protocol module, as far as the scheme registration uses it. */
export interface SchemeRegistrar {
  registerSchemesAsPrivileged(schemes: { scheme: string; privileges: Record<string, boolean> }[]): void;
}

/**
 * Must run before `app` is ready. `standard` gives the scheme a real origin (so relative URLs,
 * localStorage and the IPC sender check work) and `secure` makes it a secure context like https.
 * Nothing else: no CSP bypass, no service workers, no CORS, no fetch from other origins.
 * Checklist #18 https://www.electronjs.org/docs/latest/tutorial/security#18-avoid-usage-of-the-file-protocol-and-prefer-usage-of-custom-protocols
 */
export function registerAppScheme(protocol: SchemeRegistrar): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, bypassCSP: false, allowServiceWorkers: false, corsEnabled: false, stream: false, codeCache: false },
    },
  ]);
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
};

/** Headers on every answer: the CSP (shared/csp.ts; a header, unlike the meta tag, also enforces frame-ancestors). */
function headers(contentType?: string): Headers {
  const result = new Headers({
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  });
  if (contentType) result.set('Content-Type', contentType);
  return result;
}

const refuse = (status: number) => new Response(null, { status, headers: headers() });

/** File system access, injected for tests. */
export interface BundleFs {
  readFile(path: string): Promise<Uint8Array>;
  realpath(path: string): Promise<string>;
  isFile(path: string): Promise<boolean>;
}

const nodeFs: BundleFs = {
  readFile: (path) => readFile(path),
  realpath: (path) => realpath(path),
  isFile: async (path) => (await stat(path)).isFile(),
};

/**
 * The `protocol.handle('app', …)` handler: serves files of the built renderer (out/renderer) and
 * nothing else. Refused: other hosts, methods other than GET/HEAD, `..` (raw or percent-encoded),
 * backslashes, NUL, dot-files, directories, and symbolic links leading out of the bundle. `/` is
 * index.html. Every answer, refusals included, carries the CSP header.
 */
export function createAppRequestHandler(options: { rootDir: string; fs?: BundleFs }): (request: Request) => Promise<Response> {
  const fs = options.fs ?? nodeFs;
  const root = resolve(options.rootDir);
  let realRoot: Promise<string> | undefined;
  return async (request) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return refuse(400);
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return refuse(404);
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405);
    let path: string;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      return refuse(400);
    }
    if (path === '/' || path === '') path = '/index.html';
    const parts = path.split('/').slice(1);
    if (path.includes('\\') || path.includes('\0') || parts.some((part) => part === '' || part.startsWith('.'))) return refuse(404);
    const file = resolve(root, ...parts);
    if (!file.startsWith(root + sep)) return refuse(404);
    try {
      // Cached; a root that cannot be resolved stays as given (every file below it then fails anyway).
      realRoot ??= fs.realpath(root).catch(() => root);
      // A symbolic link inside the bundle must not lead outside it.
      if (!(await fs.realpath(file)).startsWith((await realRoot) + sep)) return refuse(404);
      if (!(await fs.isFile(file))) return refuse(404);
      const body = await fs.readFile(file);
      const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
      return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers: headers(type) });
    } catch {
      return refuse(404);
    }
  };
}
