/**
 * Browser entry for the renderer-in-Chromium tests: installs the unit tests' fake bridge (typed from
 * the contract, built with the contract's buildBridge) as `window.jitVault` before the app loads, and
 * exposes it as `window.__fake` so the test can push events and read calls. Bundled to one IIFE and
 * added as a Playwright init script (never part of the app build).
 */
import { createFakeBridge, demoData, type FakeBridge } from '../../unit/renderer/fake-bridge.js';

declare global {
  interface Window {
    jitVault?: unknown;
    __fake?: FakeBridge;
    __fakeOptions?: { items?: number; accounts?: boolean; keychain?: 'available' | 'unavailable-memory-only' };
  }
}

const options = window.__fakeOptions ?? {};
const data = demoData();
if (options.items) {
  for (let i = 0; i < options.items; i++) {
    data.items.push({ key: `kv-contoso/bulk-${i}`, vault: 'kv-contoso', vaultDisplayName: 'Contoso ops', customer: 'Contoso', name: `bulk-secret-${String(i).padStart(5, '0')}`, locked: false, favourite: false, staleness: [] });
  }
}
if (options.accounts === false) data.state.accounts = [];
if (options.keychain) data.state.keychain = options.keychain;
const fake = createFakeBridge(data);
window.__fake = fake;
window.jitVault = fake.bridge;
