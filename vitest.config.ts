import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const root = import.meta.dirname;

/**
 * One vitest config, one project per suite, each named for its folder under test/ (`renderer` is
 * test/unit/renderer, the jsdom one); `npm test` runs them all (scripts/test-all.sh).
 * Integration suites start the sandbox themselves; `integration` also needs the private keyring
 * that scripts/with-keyring.sh provides.
 */
export default defineConfig({
  test: {
    globalSetup: ['test/helpers/global-setup.ts'],
    projects: [
      { test: { name: 'sandbox', include: ['test/sandbox/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000, pool: 'forks' } },
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], exclude: ['test/unit/renderer/**'], testTimeout: 20_000 } },
      { test: { name: 'integration', include: ['test/integration/**/*.test.ts'], testTimeout: 90_000, hookTimeout: 60_000, pool: 'forks' } },
      {
        plugins: [react()],
        test: { name: 'renderer', include: ['test/unit/renderer/**/*.test.{ts,tsx}'], environment: 'jsdom', testTimeout: 20_000 },
      },
      // Electron shell (main/platform, preload) against the Electron model (test/shell/model), on every platform profile: the binary cannot be downloaded here.
      { resolve: { alias: { electron: resolve(root, 'test/shell/model/electron-model.ts') } }, test: { name: 'shell', include: ['test/shell/**/*.test.ts'], testTimeout: 20_000 } },
      // Security config-as-data checks (CSP, fuses, builder config, window options); `npm run security` adds electronegativity.
      { resolve: { alias: { electron: resolve(root, 'test/shell/model/electron-model.ts') } }, test: { name: 'security', include: ['test/security/**/*.test.ts'], testTimeout: 20_000 } },
      // Fault injection: the app core against the sandbox's fault controls, restarts, keychain loss and clock jumps.
      // Runs inside the private keyring session (scripts/with-keyring.sh), like `integration`.
      { test: { name: 'faults', include: ['test/faults/**/*.test.ts'], environment: 'node', testTimeout: 120_000, hookTimeout: 90_000, pool: 'forks' } },
      // End-to-end: the built renderer in Debian's Chromium (playwright-core) against `npm run preview` and the sandbox.
      { test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], testTimeout: 180_000, hookTimeout: 180_000, pool: 'forks', fileParallelism: false } },
    ],
  },
});
