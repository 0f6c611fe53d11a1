import { describe, expect, it } from 'vitest';
import { eventChannels, invokeChannels } from '../../../../shared/ipc/contract.js';
import { CLOSE_REPLACED, PREVIEW_SOCKET_PATH, TOKEN_STORAGE_KEY, createWebBridge, installWebBridge, type BrowserGlobals, type ClipboardLike, type SocketLike } from '../../../../shared/ipc/web-bridge.js';

const CHANNELS = Object.keys(invokeChannels);

/** A socket the test drives: it records what the page sent and lets the test play the server. */
class FakeSocket implements SocketLike {
  readyState = 0;
  readonly sent: Record<string, unknown>[] = [];
  private readonly listeners = new Map<string, ((event: { data?: unknown; code?: number }) => void)[]>();
  constructor(readonly url: string) {}
  send(data: string): void {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }
  close(code = 1000): void {
    this.fire('close', { code });
  }
  addEventListener(type: string, listener: (event: { data?: unknown; code?: number }) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  open(): void {
    this.readyState = 1;
    this.fire('open', {});
  }
  serverSends(message: unknown): void {
    this.fire('message', { data: JSON.stringify(message) });
  }
  fire(type: string, event: { data?: unknown; code?: number }): void {
    if (type === 'close') this.readyState = 3;
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

function setup(options: { url?: string | undefined; clipboard?: ClipboardLike } = {}) {
  const sockets: FakeSocket[] = [];
  const opened: string[] = [];
  const views: string[] = [];
  const { bridge } = createWebBridge({
    url: 'url' in options ? options.url : 'ws://127.0.0.1:1/__preview/ws?token=t',
    channels: CHANNELS,
    events: eventChannels,
    createSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
    ...(options.clipboard ? { clipboard: options.clipboard } : {}),
    openUrl: (url) => opened.push(url),
    showView: (view, tab) => views.push(tab ? `${view}/${tab}` : view),
  });
  return { bridge, sockets, opened, views };
}

describe('web bridge (preview transport)', () => {
  it('exposes the contract as namespaced methods; calls made while connecting are sent once open', async () => {
    const { bridge, sockets } = setup();
    expect(Object.keys(bridge).sort()).toEqual([...new Set(CHANNELS.map((c) => c.split(':')[0]!)), 'on'].sort());
    const result = bridge.vault.searchPage({ query: 'dc01' });
    expect(sockets[0]!.sent).toEqual([]);
    sockets[0]!.open();
    expect(sockets[0]!.sent).toEqual([{ t: 'invoke', id: 1, channel: 'vault:searchPage', args: { query: 'dc01' } }]);
    sockets[0]!.serverSends({ t: 'result', id: 1, result: { ok: true, value: { hits: [], total: 0 } } });
    expect(await result).toEqual({ ok: true, value: { hits: [], total: 0 } });
    void bridge.app.getState();
    expect(sockets[0]!.sent.at(-1)).toEqual({ t: 'invoke', id: 2, channel: 'app:getState', args: {} });
  });

  it('delivers events to subscribers only, with the payload alone; unsubscribe stops them', () => {
    const { bridge, sockets } = setup();
    sockets[0]!.open();
    const seen: unknown[] = [];
    const off = bridge.on('session:locked', (payload) => seen.push(payload));
    sockets[0]!.serverSends({ t: 'event', event: 'session:locked', payload: { vaults: ['kv'], reason: 'manual', at: 1 } });
    sockets[0]!.serverSends({ t: 'event', event: 'session:unlocked', payload: { vault: 'kv' } });
    off();
    sockets[0]!.serverSends({ t: 'event', event: 'session:locked', payload: { vaults: [], reason: 'idle', at: 2 } });
    expect(seen).toEqual([{ vaults: ['kv'], reason: 'manual', at: 1 }]);
    expect(() => bridge.on('not:an-event' as never, () => undefined)).toThrow();
  });

  it('a dropped connection answers pending calls with an error value; the next call reconnects', async () => {
    const { bridge, sockets } = setup();
    sockets[0]!.open();
    const pending = bridge.vault.statuses();
    sockets[0]!.close(1006);
    expect(await pending).toMatchObject({ ok: false, code: 'unknown' });
    const next = bridge.vault.statuses();
    expect(sockets).toHaveLength(2);
    sockets[1]!.open();
    sockets[1]!.serverSends({ t: 'result', id: 2, result: { ok: true, value: [] } });
    expect(await next).toEqual({ ok: true, value: [] });
  });

  it('replaced by a newer tab: pending and later calls answer "use the newer tab", no reconnect', async () => {
    const { bridge, sockets } = setup();
    sockets[0]!.open();
    const pending = bridge.app.getState();
    sockets[0]!.close(CLOSE_REPLACED);
    expect(await pending).toMatchObject({ ok: false, message: expect.stringContaining('another tab') });
    expect(await bridge.app.getState()).toMatchObject({ ok: false, message: expect.stringContaining('another tab') });
    expect(sockets).toHaveLength(1);
  });

  it('a handshake the server refuses (a spent one-time token) says so and how to get a new link', async () => {
    const { bridge, sockets } = setup();
    const pending = bridge.app.getState();
    sockets[0]!.close(1006); // closed before it ever opened
    expect(await pending).toMatchObject({ ok: false, code: 'forbidden-sender', message: expect.stringMatching(/works once.*Press Enter in the terminal/) });
  });

  it('without a token nothing connects and every call says how to open the preview', async () => {
    const { bridge, sockets } = setup({ url: undefined });
    expect(sockets).toHaveLength(0);
    expect(await bridge.app.getState()).toMatchObject({ ok: false, code: 'forbidden-sender' });
  });

  it('does clipboard work for the server and answers it (text only for reads)', async () => {
    let held = 'before';
    let failNext = false;
    const clipboard: ClipboardLike = {
      writeText: async (text) => {
        if (failNext) throw new Error('NotAllowedError');
        held = text;
      },
      readText: async () => held,
    };
    const { sockets } = setup({ clipboard });
    const socket = sockets[0]!;
    socket.open();
    socket.serverSends({ t: 'clipboard', id: 7, op: 'write', text: 'S3cret' });
    await flush();
    socket.serverSends({ t: 'clipboard', id: 8, op: 'read' });
    await flush();
    socket.serverSends({ t: 'clipboard', id: 9, op: 'clear' });
    await flush();
    failNext = true;
    socket.serverSends({ t: 'clipboard', id: 10, op: 'write', text: 'x' });
    await flush();
    expect(socket.sent).toEqual([
      { t: 'clipboard-result', id: 7, ok: true },
      { t: 'clipboard-result', id: 8, ok: true, text: 'S3cret' },
      { t: 'clipboard-result', id: 9, ok: true },
      { t: 'clipboard-result', id: 10, ok: false },
    ]);
    expect(held).toBe('');
  });

  it('opens http(s) pages the server names, nothing else', () => {
    const { sockets, opened } = setup();
    sockets[0]!.open();
    sockets[0]!.serverSends({ t: 'open', url: 'https://localhost:4000/t/oauth2/v2.0/authorize?x=1' });
    sockets[0]!.serverSends({ t: 'open', url: 'javascript:alert(1)' });
    sockets[0]!.serverSends({ t: 'open', url: 'file:///etc/passwd' });
    expect(opened).toEqual(['https://localhost:4000/t/oauth2/v2.0/authorize?x=1']);
  });

  it("plays main's window commands in the page (open the access window on a tab, close the quick lookup); unknown ones are ignored", () => {
    const { sockets, views } = setup();
    sockets[0]!.open();
    sockets[0]!.serverSends({ t: 'view', view: 'main', tab: 'history' });
    sockets[0]!.serverSends({ t: 'view', view: 'closed' });
    sockets[0]!.serverSends({ t: 'view', view: 'main', tab: 'javascript:alert(1)' } as never);
    sockets[0]!.serverSends({ t: 'view', view: 'elsewhere' } as never);
    expect(views).toEqual(['main/history', 'closed', 'main']);
  });
});

describe('installWebBridge (what /preview-bridge.js runs)', () => {
  function browser(hash: string, stored?: string) {
    const storage = new Map<string, string>(stored ? [[TOKEN_STORAGE_KEY, stored]] : []);
    const sockets: string[] = [];
    const instances: FakeSocket[] = [];
    const replaced: string[] = [];
    const globals = {
      location: { protocol: 'http:', host: '127.0.0.1:5555', pathname: '/', search: '', hash },
      history: { replaceState: (_d: unknown, _u: string, url?: string) => void replaced.push(url ?? '') },
      sessionStorage: { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => void storage.set(k, v) },
      WebSocket: class extends FakeSocket {
        constructor(url: string) {
          super(url);
          sockets.push(url);
          instances.push(this);
        }
      },
      navigator: {},
      open: () => null,
    } satisfies BrowserGlobals;
    return { globals, storage, sockets, instances, replaced };
  }
  const config = { bridgeKey: 'jitVault', channels: CHANNELS, events: eventChannels };

  it('takes the token from the fragment, keeps it for reloads, removes it from the address bar', () => {
    const { globals, storage, sockets, replaced } = browser('#token=abc-123&view=history');
    const bridge = installWebBridge(globals, config);
    expect(sockets).toEqual([`ws://127.0.0.1:5555${PREVIEW_SOCKET_PATH}?token=abc-123`]);
    expect(storage.get(TOKEN_STORAGE_KEY)).toBe('abc-123');
    expect(replaced).toEqual(['/#view=history']);
    const installed = Object.getOwnPropertyDescriptor(globals, 'jitVault')!;
    expect(installed).toMatchObject({ value: bridge, writable: false, configurable: false });
  });

  it('one-time tokens: the token the server sends replaces the spent one, for the next reconnect and for a reload', async () => {
    const { globals, storage, sockets, instances } = browser('#token=launch-1');
    const bridge = installWebBridge(globals, config);
    instances[0]!.open();
    instances[0]!.serverSends({ t: 'token', token: 'resume-2' });
    expect(storage.get(TOKEN_STORAGE_KEY)).toBe('resume-2');
    instances[0]!.close(1006);
    void bridge.app.getState(); // reconnects with the fresh token, never the spent launch token
    expect(sockets).toEqual([`ws://127.0.0.1:5555${PREVIEW_SOCKET_PATH}?token=launch-1`, `ws://127.0.0.1:5555${PREVIEW_SOCKET_PATH}?token=resume-2`]);
  });

  it('after a reload (no fragment) uses the stored token; without any token it does not connect', () => {
    const reload = browser('', 'stored-token');
    installWebBridge(reload.globals, config);
    expect(reload.sockets).toEqual([`ws://127.0.0.1:5555${PREVIEW_SOCKET_PATH}?token=stored-token`]);
    expect(reload.replaced).toEqual([]);
    const none = browser('');
    installWebBridge(none.globals, config);
    expect(none.sockets).toEqual([]);
  });
});
