import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { PREVIEW_BRIDGE_PATH } from './bridge-assets.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

/** A file to send. */
export interface ServedFile {
  body: Buffer | string;
  contentType: string;
}

/** Content type by extension (octet-stream when unknown, with nosniff set by the server). */
export function contentTypeOf(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Puts the preview bridge's module script in front of the app's first script (module scripts run in
 * document order), or at the end of <head>. The built page's CSP meta tag stays as it is: the page
 * runs under the Electron policy AND the preview's header policy.
 */
export function injectBridgeScript(html: string): string {
  const tag = `<script type="module" src="${PREVIEW_BRIDGE_PATH}"></script>`;
  const firstScript = html.search(/<script\b/i);
  if (firstScript >= 0) return `${html.slice(0, firstScript)}${tag}\n    ${html.slice(firstScript)}`;
  const headEnd = html.search(/<\/head>/i);
  if (headEnd >= 0) return `${html.slice(0, headEnd)}  ${tag}\n  ${html.slice(headEnd)}`;
  throw new Error('The built renderer index.html has neither a <script> nor a </head>.');
}

/**
 * The built renderer (out/renderer) as the preview serves it: index.html with the bridge script,
 * and the other files by path, confined to the directory (no `..`, no absolute paths, no dotfiles).
 * Paths without an extension fall back to index.html, for a history-API router.
 */
export class RendererFiles {
  private constructor(
    private readonly root: string,
    private readonly index: string,
  ) {}

  /** Reads index.html; throws with a plain message when the renderer has not been built. */
  static async open(dir: string): Promise<RendererFiles> {
    let root = resolve(dir);
    root = await realpath(root).catch(() => root);
    let html: string;
    try {
      html = await readFile(join(root, 'index.html'), 'utf8');
    } catch {
      throw new Error(`The built renderer is missing (${join(root, 'index.html')}). Run \`npm run build\` first.`);
    }
    return new RendererFiles(root, injectBridgeScript(html));
  }

  /** The file for a URL path, or undefined (404). */
  async get(urlPath: string): Promise<ServedFile | undefined> {
    let decoded: string;
    try {
      decoded = decodeURIComponent(urlPath);
    } catch {
      return undefined;
    }
    if (decoded === '/' || decoded === '/index.html') return { body: this.index, contentType: CONTENT_TYPES['.html']! };
    if (decoded.includes('\0') || decoded.split('/').some((part) => part.startsWith('.'))) return undefined;
    const file = resolve(this.root, `.${normalize(decoded)}`);
    if (!file.startsWith(this.root + sep)) return undefined;
    try {
      // A symbolic link inside the bundle must not lead outside it either.
      if (!(await realpath(file)).startsWith(this.root + sep)) return undefined;
      if ((await stat(file)).isFile()) return { body: await readFile(file), contentType: contentTypeOf(file) };
    } catch {
      // fall through
    }
    return extname(decoded) === '' ? { body: this.index, contentType: CONTENT_TYPES['.html']! } : undefined;
  }
}
