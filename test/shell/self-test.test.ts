import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { startMainProcess } from '../../main/main-process.js';
import { DemoSandboxLauncher } from '../../main/platform/demo-sandbox.js';
import type { ElectronApi } from '../../main/platform/electron-api.js';
import type { SelfTestReport } from '../../main/platform/self-test.js';
import { resolveAppPaths } from '../../main/services/paths/app-paths.js';
import * as model from './model/electron-model.js';
import { windows } from './model/platform-profiles.js';

/**
 * `--self-test=<report>` through the composition root and the Electron model: the same run
 * .github/workflows/desktop.yml makes with the packaged app and the real binary.
 */
vi.mock('@napi-rs/keyring', () => ({
  AsyncEntry: class {
    constructor() {
      throw new Error('no keychain in this test');
    }
  },
}));

const dir = mkdtempSync(join(tmpdir(), 'jit-vault-self-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('--self-test', () => {
  it('starts, creates the tray, opens and closes the quick lookup, locks, quits, writes the report and exits 0', async () => {
    model.resetFakeElectron(windows);
    const report = join(dir, 'report', 'self-test.json');
    const env = { JIT_VAULT_USER_DIR: join(dir, 'user'), JIT_VAULT_LOG_DIR: join(dir, 'logs'), JIT_VAULT_POLICY_FILE: join(dir, 'no-policy.json') };
    startMainProcess({
      electron: model as unknown as ElectronApi,
      platform: windows.platform,
      env: windows.env,
      argv: ['JIT Vault.exe', `--self-test=${report}`],
      paths: resolveAppPaths({ env }),
      trayHost: async () => true,
      demoSandbox: (options) => new DemoSandboxLauncher({ ...options, tls }),
    });
    model.fake.app.fireReady();
    await vi.waitFor(() => expect(model.fake.app.exitCode).toBeDefined(), { timeout: 40_000, interval: 100 });
    expect(existsSync(report)).toBe(true);
    const written = JSON.parse(readFileSync(report, 'utf8')) as SelfTestReport;
    expect(written.steps.map((s) => [s.name, s.ok])).toEqual([
      ['start', true],
      ['tray', true],
      ['quick-lookup-open', true],
      ['quick-lookup-close', true],
      ['lock', true],
      ['quit', true],
    ]);
    expect(written.ok).toBe(true);
    expect(model.fake.app.exitCode).toBe(0);
    expect(model.Tray.instances[0]!.destroyed).toBe(true);
  }, 60_000);
});
