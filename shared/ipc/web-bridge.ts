import type { IpcResult } from '../domain/types.js';
import { buildBridge, type JitVaultBridge } from './bridge.js';

/**
 * The browser preview's bridge: the same `JitVaultBridge` the Electron preload exposes, built with
 * `buildBridge` over a loopback WebSocket to `npm run preview` (main/preview) instead of ipcRenderer.
 * The renderer cannot tell the difference; it reads `window.jitVault` either way.
 *
 * This file runs in the browser (served transpiled, as an ES module) and is type-checked by both
 * tsconfigs, so it names no DOM types: the socket, clipboard and window are small structural
 * interfaces. It imports no runtime value from contract.ts (zod stays out of the page); the channel
 * and event lists are handed in by the generated /preview-bridge.js.
 */

/** Where the page connects (same origin as the page, so the CSP's connect-src 'self' covers it). */
export const PREVIEW_SOCKET_PATH = '/__preview/ws';
/** Query parameter of the socket URL and key in the page URL's fragment carrying the one-time token. */
export const PREVIEW_TOKEN_PARAM = 'token';
/** Close code the server uses when a newer page connection replaced this one. */
export const CLOSE_REPLACED = 4001;
/** sessionStorage key: the token survives a reload of this tab (and nothing else). */
export const TOKEN_STORAGE_KEY = 'jit-vault-preview-token';

/** Page → server. */
export type PageMessage =
  | { t: 'invoke'; id: number; channel: string; args: unknown }
  /** The answer to a `clipboard` request: `text` only for a read. */
  | { t: 'clipboard-result'; id: number; ok: boolean; text?: string };

/** Server → page. */
export type ServerMessage =
  | { t: 'result'; id: number; result: IpcResult<unknown> }
  | { t: 'event'; event: string; payload: unknown }
  /** Clipboard work for the Clipboard port: `text` only on a write the user just asked for. */
  | { t: 'clipboard'; id: number; op: 'write' | 'read' | 'clear'; text?: string }
  /** Open a sign-in page (or an allowlisted link) in a new tab. */
  | { t: 'open'; url: string }
  /** This connection's one-time token for the tab's next reconnect (the one it used is spent). */
  | { t: 'token'; token: string }
  /**
   * The app's window commands, which the page plays itself (it is both windows): `main` is
   * "Open the access window" (`window:openMain`), `closed` is the quick lookup hiding (Esc, `window:hidePopup`).
   */
  | { t: 'view'; view: PreviewView; tab?: PreviewTab; section?: 'approvals' };

/** What the preview page shows on main's command. */
export type PreviewView = 'main' | 'closed';
/** The access window's tabs (renderer/src/view-mode.ts). */
export type PreviewTab = 'access' | 'expiry' | 'certificates' | 'history' | 'settings';

/** The part of a WebSocket (browser or `ws`) the bridge uses. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'message' | 'close' | 'error', listener: (event: { data?: unknown; code?: number }) => void): void;
}

/** navigator.clipboard, as far as the bridge uses it. */
export interface ClipboardLike {
  writeText(text: string): Promise<void>;
  readText(): Promise<string>;
}

/** Options of `createWebBridge`. */
export interface WebBridgeOptions {
  /**
   * `ws://127.0.0.1:PORT/__preview/ws?token=…`; undefined when the page has no token. A function is
   * asked at each (re)connect: tokens are one-time, so the URL changes when the server sends a new one.
   */
  url: string | undefined | (() => string | undefined);
  /** The server sent the token for the next reconnect (keep it; the previous one is spent). */
  onToken?(token: string): void;
  channels: readonly string[];
  events: readonly string[];
  createSocket(url: string): SocketLike;
  clipboard?: ClipboardLike;
  openUrl?(url: string): void;
  /** Plays a window command (`view` message) in the page. */
  showView?(view: PreviewView, tab?: PreviewTab, section?: 'approvals'): void;
}

const OPEN = 1;
const TABS: ReadonlySet<PreviewTab> = new Set(['access', 'expiry', 'certificates', 'history', 'settings']);
const failure = (code: 'unknown' | 'forbidden-sender', message: string): IpcResult<never> => ({ ok: false, code, message });
const NO_TOKEN = failure('forbidden-sender', 'This page has no access token. Open JIT Vault with the link `npm run preview` printed.');
const REPLACED = failure('unknown', 'JIT Vault was opened in another tab; this one is no longer connected. Use the newer tab, or reload this one.');
const CLOSED = failure('unknown', 'The connection to the JIT Vault preview was lost (was `npm run preview` stopped?). Reload the page to reconnect.');
const REFUSED = failure(
  'forbidden-sender',
  'The JIT Vault preview did not accept this page. Each link `npm run preview` prints works once, and a reload works only in the tab that used it. Press Enter in the terminal running `npm run preview` for a new link.',
);

/**
 * Builds the bridge over a WebSocket. One socket at a time: it connects at once (so events flow
 * from the start), calls made while it connects are queued, and after a drop the next call
 * reconnects. Every call resolves with an IpcResult — a dropped connection answers its pending
 * calls with an error value, never a rejection.
 */
export function createWebBridge(options: WebBridgeOptions): { bridge: JitVaultBridge; close(): void } {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const pending = new Map<number, (result: IpcResult<unknown>) => void>();
  let queue: string[] = [];
  let socket: SocketLike | undefined;
  let replaced = false;
  let closedByUs = false;
  let nextId = 1;

  const send = (message: PageMessage) => {
    const text = JSON.stringify(message);
    if (socket && socket.readyState === OPEN) socket.send(text);
    else queue.push(text);
  };

  const handle = async (message: ServerMessage) => {
    switch (message.t) {
      case 'result':
        pending.get(message.id)?.(message.result);
        pending.delete(message.id);
        return;
      case 'event':
        for (const listener of [...(listeners.get(message.event) ?? [])]) {
          try {
            listener(message.payload);
          } catch {
            // A broken UI listener must not stop the others.
          }
        }
        return;
      case 'clipboard':
        send(await clipboardWork(options.clipboard, message));
        return;
      case 'open':
        if (/^https?:\/\//i.test(message.url)) options.openUrl?.(message.url);
        return;
      case 'token':
        if (typeof message.token === 'string') options.onToken?.(message.token);
        return;
      case 'view':
        if (message.view === 'main' || message.view === 'closed') options.showView?.(message.view, TABS.has(message.tab as PreviewTab) ? message.tab : undefined, message.section === 'approvals' ? 'approvals' : undefined);
        return;
    }
  };

  const urlNow = () => (typeof options.url === 'function' ? options.url() : options.url);
  const connect = (): void => {
    const url = urlNow();
    if (!url || replaced || closedByUs) return;
    const current = options.createSocket(url);
    socket = current;
    let opened = false;
    current.addEventListener('open', () => {
      opened = true;
      const waiting = queue;
      queue = [];
      for (const text of waiting) current.send(text);
    });
    current.addEventListener('message', (event) => {
      if (typeof event.data !== 'string') return;
      let message: ServerMessage;
      try {
        message = JSON.parse(event.data) as ServerMessage;
      } catch {
        return;
      }
      void handle(message);
    });
    current.addEventListener('close', (event) => {
      if (socket !== current) return;
      socket = undefined;
      if (event.code === CLOSE_REPLACED) replaced = true;
      // Closed before it ever opened: the server refused the handshake (a spent or unknown token).
      const answer = replaced ? REPLACED : opened ? CLOSED : REFUSED;
      for (const resolve of pending.values()) resolve(answer);
      pending.clear();
      queue = [];
    });
  };

  const invoke = (channel: string, args: unknown): Promise<IpcResult<unknown>> => {
    if (!urlNow()) return Promise.resolve(NO_TOKEN);
    if (replaced) return Promise.resolve(REPLACED);
    if (!socket) connect();
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      send({ t: 'invoke', id, channel, args });
    });
  };

  const subscribe = (event: string, listener: (payload: unknown) => void) => {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    // A wrapper per subscription, so subscribing the same function twice needs two unsubscribes.
    const wrapped = (payload: unknown) => listener(payload);
    set.add(wrapped);
    return () => void set.delete(wrapped);
  };

  connect();
  const bridge = buildBridge(options.channels, { invoke, subscribe }, options.events);
  return {
    bridge,
    close: () => {
      closedByUs = true;
      socket?.close(1000, 'page closed');
    },
  };
}

/** Does one clipboard request for the server. The text is passed through, never kept. */
async function clipboardWork(clipboard: ClipboardLike | undefined, message: Extract<ServerMessage, { t: 'clipboard' }>): Promise<PageMessage> {
  if (!clipboard) return { t: 'clipboard-result', id: message.id, ok: false };
  try {
    if (message.op === 'read') return { t: 'clipboard-result', id: message.id, ok: true, text: await clipboard.readText() };
    await clipboard.writeText(message.op === 'write' ? (message.text ?? '') : '');
    return { t: 'clipboard-result', id: message.id, ok: true };
  } catch {
    return { t: 'clipboard-result', id: message.id, ok: false };
  }
}

/** The browser globals `installWebBridge` touches (structural: this file has no DOM types). */
export interface BrowserGlobals {
  location: { protocol: string; host: string; pathname: string; search: string; hash: string };
  history: { replaceState(data: unknown, unused: string, url?: string): void };
  sessionStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
  WebSocket: new (url: string) => SocketLike;
  navigator: { clipboard?: ClipboardLike };
  open(url: string, target: string): { opener: unknown } | null;
}

/**
 * Installs the bridge as `window[bridgeKey]` (non-writable, non-configurable) before the app's
 * module runs. The token comes from the URL fragment (`#token=…`: fragments are never sent to a
 * server, so it is in no request log), is moved to sessionStorage for reloads of this tab, and is
 * removed from the address bar. Other fragment content (a hash router's) is kept.
 */
export function installWebBridge(
  globals: BrowserGlobals,
  config: { bridgeKey: string; channels: readonly string[]; events: readonly string[]; onBlockedPopup?(url: string): void; onView?(view: PreviewView, tab?: PreviewTab): void },
): JitVaultBridge {
  const fragment = new URLSearchParams(globals.location.hash.replace(/^#/, ''));
  let token = fragment.get(PREVIEW_TOKEN_PARAM) ?? undefined;
  if (token) {
    globals.sessionStorage.setItem(TOKEN_STORAGE_KEY, token);
    fragment.delete(PREVIEW_TOKEN_PARAM);
    const rest = fragment.toString();
    globals.history.replaceState(null, '', `${globals.location.pathname}${globals.location.search}${rest ? `#${rest}` : ''}`);
  } else {
    token = globals.sessionStorage.getItem(TOKEN_STORAGE_KEY) ?? undefined;
  }
  const scheme = globals.location.protocol === 'https:' ? 'wss:' : 'ws:';
  const { bridge } = createWebBridge({
    url: () => (token ? `${scheme}//${globals.location.host}${PREVIEW_SOCKET_PATH}?${PREVIEW_TOKEN_PARAM}=${encodeURIComponent(token)}` : undefined),
    // Tokens are one-time: the server hands this tab the next one; a reload of the tab uses it.
    onToken: (next) => {
      token = next;
      globals.sessionStorage.setItem(TOKEN_STORAGE_KEY, next);
    },
    channels: config.channels,
    events: config.events,
    createSocket: (url) => new globals.WebSocket(url),
    ...(globals.navigator.clipboard ? { clipboard: globals.navigator.clipboard } : {}),
    openUrl: (url) => {
      const opened = globals.open(url, '_blank');
      if (opened) opened.opener = null;
      else config.onBlockedPopup?.(url);
    },
    ...(config.onView ? { showView: config.onView } : {}),
  });
  Object.defineProperty(globals, config.bridgeKey, { value: bridge, writable: false, configurable: false, enumerable: false });
  return bridge;
}
