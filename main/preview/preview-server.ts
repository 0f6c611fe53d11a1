import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { CSP_DIRECTIVES, serializeCsp } from '../../shared/csp.js';
import { PREVIEW_SOCKET_PATH, PREVIEW_TOKEN_PARAM, type PageMessage } from '../../shared/ipc/web-bridge.js';
import type { AppCore } from '../core/app-core.types.js';
import { forwardEvents, type EventForwarder } from '../ipc/event-forwarder.js';
import { ipcHandlers } from '../ipc/handlers.js';
import { createIpcDispatcher } from '../ipc/ipc-wrapper.js';
import type { Logger } from '../services/ports/logger.js';
import { buildBridgeAssets } from './bridge-assets.js';
import type { PageLink, PageSender } from './page-link.js';
import type { RendererFiles } from './renderer-files.js';

/** Largest message a page may send (an invoke's arguments are small; the contract caps strings). */
const MAX_MESSAGE_BYTES = 256 * 1024;
/** Launch links not used yet that stay valid (the oldest is dropped beyond this). */
const MAX_OPEN_LINKS = 8;

const mintToken = (): string => randomBytes(32).toString('base64url');
/** Constant-time comparison of a presented token with one we issued. */
const sameToken = (presented: Buffer, token: string | undefined): boolean => {
  if (token === undefined) return false;
  const expected = Buffer.from(token);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
};

/** Options of `startPreviewServer`. */
export interface PreviewServerOptions {
  core: AppCore;
  page: PageLink;
  renderer: RendererFiles;
  logger: Logger;
  /** 0 (default): any free port. */
  port?: number;
  /** The first launch link's one-time token; generated when omitted. */
  token?: string;
}

/** A running preview server. */
export interface PreviewServer {
  /** `http://127.0.0.1:PORT/#token=…` — what the user opens. Its token works for ONE connection. */
  readonly url: string;
  /** Another one-time launch link (the terminal's "new link"; a test opening one more page). */
  newLink(): string;
  readonly origin: string;
  readonly port: number;
  close(): Promise<void>;
}

/** The preview's Content-Security-Policy: the renderer's policy plus this server's own WebSocket origin. */
export function previewContentSecurityPolicy(port: number): string {
  return serializeCsp({ ...CSP_DIRECTIVES, 'connect-src': [...CSP_DIRECTIVES['connect-src']!, `ws://127.0.0.1:${port}`] });
}

/**
 * Serves the built renderer and the bridge on 127.0.0.1 and connects pages to the core over a
 * WebSocket on the same origin (so the built page's own `connect-src 'self'` allows it).
 *
 * Who may talk to the core: a WebSocket upgrade must carry a token (compared in constant time) and
 * an Origin header equal to this server's own origin, with a Host header naming it (which also
 * defeats DNS rebinding: a rebound name would arrive with a foreign Host). HTTP requests need the
 * Host check only — the files are the public renderer bundle; the token never appears in a request
 * URL the browser sends for them. Then every call still goes through the same dispatcher as in
 * Electron (sender = the active page connection, zod parse, errors as values).
 *
 * Tokens are truly one-time (issue 12 item 9): a launch link's token is spent by the first connection
 * that presents it, and each connection receives, over itself, a fresh resume token for its tab's
 * next reconnect (a reload), which is spent in turn. A link copied from history, a log or a
 * shoulder-surfed screen after its first use opens nothing.
 */
export async function startPreviewServer(options: PreviewServerOptions): Promise<PreviewServer> {
  const { core, page, renderer, logger } = options;
  const launchTokens = [options.token ?? mintToken()];
  /** The active page's token for its next reconnect; one at a time. */
  let resumeToken: string | undefined;
  const assets = await buildBridgeAssets();
  const dispatcher = createIpcDispatcher(ipcHandlers, core, { isTrustedSender: (sender: PageSender) => page.isActive(sender), logger });
  const forwarder: EventForwarder = forwardEvents(core, (event, payload) => void page.send({ t: 'event', event, payload }), logger);

  let port = 0;
  let origin = '';
  let csp = '';
  const hostOk = (req: IncomingMessage) => req.headers.host === `127.0.0.1:${port}`;
  const headers = (contentType: string): Record<string, string> => ({
    'content-type': contentType,
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-resource-policy': 'same-origin',
    'cache-control': 'no-store',
  });

  const onRequest = async (req: IncomingMessage, res: ServerResponse) => {
    const plain = (status: number, text: string) => {
      res.writeHead(status, headers('text/plain; charset=utf-8'));
      res.end(req.method === 'HEAD' ? undefined : text);
    };
    if (!hostOk(req)) return plain(421, 'Misdirected request.');
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(405, 'Method not allowed.');
    const path = (req.url ?? '/').split(/[?#]/)[0] ?? '/';
    const asset = assets.get(path);
    const file = asset !== undefined ? { body: asset, contentType: 'text/javascript; charset=utf-8' } : await renderer.get(path);
    if (!file) return plain(404, 'Not found.');
    res.writeHead(200, headers(file.contentType));
    res.end(req.method === 'HEAD' ? undefined : file.body);
  };

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const refuse = (socket: Duplex, status: number, reason: string) => {
    logger.warn('preview: refused a WebSocket connection', { reason });
    socket.end(`HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : 'Forbidden'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== PREVIEW_SOCKET_PATH) return refuse(socket, 403, 'path');
    if (!hostOk(req)) return refuse(socket, 403, 'host');
    if (req.headers.origin !== origin) return refuse(socket, 403, 'origin');
    const presented = Buffer.from(url.searchParams.get(PREVIEW_TOKEN_PARAM) ?? '');
    const launch = launchTokens.findIndex((token) => sameToken(presented, token));
    if (launch < 0 && !sameToken(presented, resumeToken)) return refuse(socket, 401, 'token');
    // Spent now, before the handshake completes: a second upgrade with the same token is refused.
    if (launch >= 0) launchTokens.splice(launch, 1);
    else resumeToken = undefined;
    sockets.handleUpgrade(req, socket, head, (ws) => onConnection(ws));
  };

  const onConnection = (ws: WebSocket) => {
    const sender = page.attach(ws);
    resumeToken = mintToken();
    page.send({ t: 'token', token: resumeToken }, sender);
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (isBinary) return;
      let message: PageMessage;
      try {
        message = JSON.parse(data.toString()) as PageMessage;
      } catch {
        return;
      }
      if (!message || typeof message !== 'object' || typeof message.id !== 'number' || !Number.isSafeInteger(message.id)) return;
      if (message.t === 'invoke') {
        void dispatcher.dispatch(message.channel, message.args, sender).then((result) => page.send({ t: 'result', id: message.id, result }, sender));
      } else if (message.t === 'clipboard-result') {
        page.answer(message, sender);
      }
    });
  };

  const server: Server = createServer((req, res) => {
    onRequest(req, res).catch((error: unknown) => {
      logger.error('preview: request failed', { error: error instanceof Error ? error.name : 'unknown' });
      if (!res.headersSent) res.writeHead(500, headers('text/plain; charset=utf-8'));
      res.end();
    });
  });
  server.on('upgrade', onUpgrade);
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: options.port ?? 0, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
  origin = `http://127.0.0.1:${port}`;
  csp = previewContentSecurityPolicy(port);

  const link = (token: string) => `${origin}/#${PREVIEW_TOKEN_PARAM}=${token}`;
  return {
    url: link(launchTokens[0]!),
    newLink: () => {
      const token = mintToken();
      launchTokens.push(token);
      if (launchTokens.length > MAX_OPEN_LINKS) launchTokens.shift();
      return link(token);
    },
    origin,
    port,
    close: async () => {
      forwarder.dispose();
      page.close();
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
