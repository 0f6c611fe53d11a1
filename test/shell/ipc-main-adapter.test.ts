import { beforeEach, describe, expect, it } from 'vitest';
import { invokeChannels, type InvokeChannel } from '../../shared/ipc/contract.js';
import { createIpcDispatcher } from '../../main/ipc/ipc-wrapper.js';
import { isTrustedFrame } from '../../main/security/app-origin.js';
import { registerIpcHandlers, senderOf, sendToWindows, type InvokeEventLike } from '../../main/platform/ipc-main-adapter.js';
import { spyTable, VALID_ARGS } from '../unit/main/ipc/ipc-test-kit.js';
import { BrowserWindow, fake, FakeWebContents, FakeWebFrame, resetFakeElectron } from './model/electron-model.js';

const channels = Object.keys(invokeChannels) as InvokeChannel[];

/** An invoke event from our own window's top frame, as Electron builds it. */
function ownEvent(): InvokeEventLike & { sender: FakeWebContents; senderFrame: FakeWebFrame } {
  const sender = new FakeWebContents();
  return { sender, senderFrame: sender.mainFrame };
}

function setUp(answer?: (channel: InvokeChannel) => unknown) {
  const spy = spyTable(answer);
  const dispatcher = createIpcDispatcher(spy.table, {}, { isTrustedSender: isTrustedFrame });
  const results: { channel: InvokeChannel; ok: boolean }[] = [];
  const remove = registerIpcHandlers(fake.ipcMain, dispatcher, (channel, result) => results.push({ channel, ok: result.ok }));
  const invoke = (channel: string, event: InvokeEventLike, args?: unknown) => fake.ipcMain.handlers.get(channel)!(event, args);
  return { ...spy, invoke, results, remove };
}

beforeEach(() => resetFakeElectron());

describe('ipcMain registration', () => {
  it('registers a handler for exactly the contract channels, and removes them all', () => {
    const { remove } = setUp();
    expect([...fake.ipcMain.handlers.keys()].sort()).toEqual([...channels].sort());
    remove();
    expect(fake.ipcMain.handlers.size).toBe(0);
  });

  it('answers our top frame through the dispatcher with an IpcResult value', async () => {
    const { invoke, calls, results } = setUp((channel) => `answer of ${channel}`);
    for (const channel of channels) {
      expect(await invoke(channel, ownEvent(), VALID_ARGS[channel])).toEqual({ ok: true, value: `answer of ${channel}` });
    }
    expect(calls.map((c) => c.channel)).toEqual(channels);
    expect(results.every((r) => r.ok)).toBe(true);
  });

  it('still answers when the onResult side effect throws', async () => {
    const spy = spyTable(() => 'fine');
    const dispatcher = createIpcDispatcher(spy.table, {}, { isTrustedSender: isTrustedFrame });
    registerIpcHandlers(fake.ipcMain, dispatcher, () => {
      throw new Error('window gone');
    });
    expect(await fake.ipcMain.handlers.get('app:getState')!(ownEvent(), {})).toEqual({ ok: true, value: 'fine' });
  });
});

describe('forged senders are refused before any handler runs', () => {
  const forgeries: [string, () => InvokeEventLike][] = [
    ['another origin', () => ({ ...ownEvent(), senderFrame: new FakeWebFrame('https://evil.example/', 'https://evil.example') })],
    ['a look-alike host', () => ({ ...ownEvent(), senderFrame: new FakeWebFrame('app://jit-vault.evil/', 'app://jit-vault.evil') })],
    ['a file:// page', () => ({ ...ownEvent(), senderFrame: new FakeWebFrame('file:///tmp/x.html', 'file://') })],
    [
      'a subframe of our page (has a parent)',
      () => {
        const event = ownEvent();
        const child = new FakeWebFrame('app://jit-vault/index.html', 'app://jit-vault');
        child.parent = event.senderFrame;
        return { ...event, senderFrame: child };
      },
    ],
    ['a parentless frame that is not the main frame of its WebContents', () => ({ ...ownEvent(), senderFrame: new FakeWebFrame('app://jit-vault/index.html', 'app://jit-vault') })],
    ['a missing frame (null)', () => ({ ...ownEvent(), senderFrame: null })],
    ['a missing frame (undefined)', () => ({ sender: new FakeWebContents() })],
    [
      'a destroyed frame',
      () => {
        const event = ownEvent();
        event.senderFrame.destroyed = true;
        return event;
      },
    ],
    [
      'a detached frame',
      () => {
        const event = ownEvent();
        event.senderFrame.detached = true;
        return event;
      },
    ],
    [
      'a frame whose getter throws (disposed)',
      () =>
        Object.defineProperty({ sender: new FakeWebContents() }, 'senderFrame', {
          get() {
            throw new Error('Object has been destroyed');
          },
        }),
    ],
  ];

  it.each(forgeries)('%s', async (_label, forge) => {
    const { invoke, calls } = setUp();
    for (const channel of channels) {
      expect(await invoke(channel, forge(), VALID_ARGS[channel])).toMatchObject({ ok: false, code: 'forbidden-sender' });
    }
    expect(calls).toHaveLength(0);
  });

  it('malformed arguments from our own frame are refused without reaching the handler', async () => {
    const { invoke, calls } = setUp();
    expect(await invoke('vault:copy', ownEvent(), { vault: 'kv', name: 'x', extra: 1 })).toMatchObject({ ok: false, code: 'bad-request' });
    expect(await invoke('vault:searchPage', ownEvent(), 'dc01')).toMatchObject({ ok: false, code: 'bad-request' });
    expect(calls).toHaveLength(0);
  });
});

describe('senderOf', () => {
  it('rebuilds the app:// origin from the URL when the frame has none (Node gives "null" for non-special schemes)', () => {
    const event = ownEvent();
    event.senderFrame.origin = undefined;
    expect(senderOf(event)).toEqual({ origin: 'app://jit-vault', isMainFrame: true });
  });
});

describe('events go to our windows only', () => {
  it('sends to live windows and skips destroyed ones', () => {
    const a = new BrowserWindow({});
    const b = new BrowserWindow({});
    b.destroyed = true;
    sendToWindows(() => [a, undefined, b])('session:locked', { vaults: ['kv'], reason: 'manual', at: 1 });
    expect(a.webContents.sent).toEqual([{ channel: 'session:locked', args: [{ vaults: ['kv'], reason: 'manual', at: 1 }], loaded: true }]);
    expect(b.webContents.sent).toEqual([]);
  });
});

describe('fuzz: random senders and arguments through ipcMain', () => {
  /** A small deterministic PRNG (mulberry32), so a failure can be replayed. */
  function prng(seed: number) {
    return () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  it('3000 random invocations: every answer is an IpcResult, nothing throws, and no untrusted call reaches a handler', async () => {
    const random = prng(20251123);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const values = (): unknown =>
      pick([undefined, null, 0, -1, 1e308, Number.NaN, '', 'x'.repeat(5000), 'app://jit-vault', true, [], [1, 'a'], {}, { __proto__: { polluted: true } }, { vault: 'kv', name: 'n' }, { query: 'a', limit: 1e9 }, () => 1, Symbol('s')]);
    const frames = () => {
      const frame = new FakeWebFrame(pick(['app://jit-vault/index.html', 'https://evil.example/', 'file:///x', 'not a url', '']), pick([undefined, 'app://jit-vault', 'null', 'https://evil.example']));
      if (random() < 0.3) frame.parent = new FakeWebFrame('app://jit-vault/index.html', 'app://jit-vault');
      frame.detached = random() < 0.1;
      frame.destroyed = random() < 0.1;
      return frame;
    };
    const { invoke, calls } = setUp(() => 'ok');
    let trustedCalls = 0;
    for (let i = 0; i < 3000; i++) {
      const sender = new FakeWebContents();
      const ours = random() < 0.3;
      const event: InvokeEventLike = ours ? { sender, senderFrame: sender.mainFrame } : pick([{ sender, senderFrame: frames() }, { sender, senderFrame: null }, { sender: null }, {}]);
      const channel = pick(channels);
      const args = random() < 0.5 ? VALID_ARGS[channel] : values();
      const result = (await invoke(channel, event, args)) as { ok: boolean; code?: string };
      expect(typeof result.ok).toBe('boolean');
      if (!ours) expect(result).toMatchObject({ ok: false, code: 'forbidden-sender' });
      else trustedCalls++;
    }
    // Only trusted calls with valid arguments got through.
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.length).toBeLessThanOrEqual(trustedCalls);
  });
});
