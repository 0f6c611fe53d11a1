/**
 * Preload: contextBridge only. The bridge object will be built from the IPC contract
 * (shared/ipc/contract.ts); until then nothing is exposed to the renderer. Built as CommonJS
 * (electron.vite.config.ts) because a sandboxed preload cannot load ES modules.
 */
import { contextBridge } from 'electron';

// An empty, frozen placeholder: it exposes no capability, but proves the bridge path works.
contextBridge.exposeInMainWorld('jitVault', Object.freeze({}));
