/**
 * Preload: contextBridge only (checklist #20,
 * https://www.electronjs.org/docs/latest/tutorial/security#20-do-not-expose-electron-apis-to-untrusted-web-content).
 * Exposes exactly ONE object, `window.jitVault`, built by shared/ipc/bridge.ts from the contract's
 * channel lists: one method per invoke channel, and `on(event, listener)` for the contract's events
 * only, returning an unsubscribe function. Listeners receive the payload alone — never the
 * IpcRendererEvent (whose `sender` is ipcRenderer itself). No generic send/invoke, no other logic.
 * Built as CommonJS (electron.vite.config.ts) because a sandboxed preload cannot load ES modules.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { buildBridge } from '../shared/ipc/bridge.js';
// channel-names.ts, not contract.ts: the names without zod keep the sandboxed preload small.
import { BRIDGE_KEY, eventChannels, invokeChannelNames } from '../shared/ipc/channel-names.js';

const bridge = buildBridge(
  invokeChannelNames,
  {
    invoke: (channel, args) => ipcRenderer.invoke(channel, args),
    subscribe: (event, listener) => {
      const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
      ipcRenderer.on(event, forward);
      return () => {
        ipcRenderer.removeListener(event, forward);
      };
    },
  },
  eventChannels,
);

contextBridge.exposeInMainWorld(BRIDGE_KEY, bridge);
