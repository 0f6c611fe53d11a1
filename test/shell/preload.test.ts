import { describe, expect, it, vi } from 'vitest';
import { BRIDGE_KEY, eventChannels, invokeChannels } from '../../shared/ipc/contract.js';
import { splitChannel } from '../../shared/ipc/bridge.js';
import type { fake as FakeState } from './model/electron-model.js';

type Bridge = Record<string, Record<string, (args?: unknown) => Promise<unknown>>> & {
  on(event: string, listener: (...payload: unknown[]) => void): () => void;
};

let fake: typeof FakeState;

/**
 * Loads preload/index.ts afresh against a fresh fake electron (contextBridge, ipcRenderer) and
 * returns what it exposed. The fake is imported after the reset too, so test and preload share it.
 */
async function loadPreload(): Promise<{ key: string; api: Bridge }[]> {
  vi.resetModules();
  fake = (await import('./model/electron-model.js')).fake;
  await import('../../preload/index.js');
  return fake.contextBridge.exposed as { key: string; api: Bridge }[];
}

/** The one exposed object. */
async function loadApi(): Promise<Bridge> {
  const exposed = await loadPreload();
  expect(exposed).toHaveLength(1);
  return exposed[0]!.api;
}

describe('preload bridge', () => {
  it('exposes exactly one object, under BRIDGE_KEY', async () => {
    const exposed = await loadPreload();
    expect(exposed).toHaveLength(1);
    expect(exposed[0]!.key).toBe(BRIDGE_KEY);
  });

  it("exposes exactly the contract's methods, grouped by namespace, plus `on` — nothing else", async () => {
    const api = await loadApi();
    const expected: Record<string, string[]> = {};
    for (const channel of Object.keys(invokeChannels)) {
      const [ns, method] = splitChannel(channel);
      (expected[ns] ??= []).push(method);
    }
    expect(Object.keys(api).sort()).toEqual([...Object.keys(expected), 'on'].sort());
    for (const [ns, methods] of Object.entries(expected)) {
      expect(Object.keys(api[ns]!).sort(), ns).toEqual([...methods].sort());
      for (const method of methods) expect(typeof api[ns]![method]).toBe('function');
    }
    expect(Object.isFrozen(api)).toBe(true);
    // No generic pass-through of any kind.
    for (const name of ['invoke', 'send', 'sendSync', 'ipcRenderer', 'removeAllListeners', 'process', 'require']) expect(api).not.toHaveProperty(name);
  });

  it('each method invokes its own channel with the argument object ({} when omitted)', async () => {
    const api = await loadApi();
    await api.vault!.copy!({ vault: 'kv-ops', name: 'root' });
    await api.app!.getState!();
    expect(fake.ipcRenderer.invoked).toEqual([
      { channel: 'vault:copy', args: [{ vault: 'kv-ops', name: 'root' }] },
      { channel: 'app:getState', args: [{}] },
    ]);
  });

  it('event listeners get the payload only (never the IpcRendererEvent) and can unsubscribe', async () => {
    const api = await loadApi();
    const received: unknown[][] = [];
    const off = api.on('session:locked', (...args) => received.push(args));
    const ipcEvent = { sender: fake.ipcRenderer, senderId: 0, ports: [] };
    fake.ipcRenderer.emit('session:locked', ipcEvent, { vaults: ['kv-ops'], reason: 'manual', at: 1 });
    expect(received).toEqual([[{ vaults: ['kv-ops'], reason: 'manual', at: 1 }]]);
    off();
    fake.ipcRenderer.emit('session:locked', ipcEvent, { vaults: [], reason: 'manual', at: 2 });
    expect(received).toHaveLength(1);
    expect(fake.ipcRenderer.listenerCount('session:locked')).toBe(0);
  });

  it("subscribes only to the contract's event channels", async () => {
    const api = await loadApi();
    for (const event of eventChannels) api.on(event, () => undefined)();
    expect(() => api.on('vault:copy', () => undefined)).toThrow(/Unknown event channel/);
    expect(() => api.on('ELECTRON_BROWSER_REQUIRE', () => undefined)).toThrow(/Unknown event channel/);
    expect(fake.ipcRenderer.eventNames()).toEqual([]);
  });
});
