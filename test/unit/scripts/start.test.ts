import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- plain .mjs script module, typed by its JSDoc only
import { electronArgs, electronExecutableName, findElectron } from '../../../scripts/lib/electron-binary.mjs';

/**
 * `npm start` finds Electron the way Electron documents it (ELECTRON_OVERRIDE_DIST_PATH, the
 * package's dist, a first-start download unless ELECTRON_SKIP_BINARY_DOWNLOAD) without path.txt,
 * and launches it on the built app; only where it cannot, it says exactly why.
 */
const repo = join(import.meta.dirname, '..', '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'jit-vault-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function distWith(platform: NodeJS.Platform, name = 'dist'): string {
  const dist = join(dir, `${name}-${platform}`);
  const exe = join(dist, electronExecutableName(platform));
  mkdirSync(dirname(exe), { recursive: true });
  writeFileSync(exe, '');
  return dist;
}

function packageDir(): string {
  const pkg = join(dir, `electron-pkg-${Math.random().toString(36).slice(2)}`);
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ version: '45.4.1' }));
  return pkg;
}

describe('finding Electron', () => {
  it.each(['linux', 'win32', 'darwin'] as const)('ELECTRON_OVERRIDE_DIST_PATH uses the %s executable name, with no path.txt', (platform) => {
    const dist = distWith(platform);
    const found = findElectron({ packageDir: packageDir(), platform, env: { ELECTRON_OVERRIDE_DIST_PATH: dist } });
    expect(found).toEqual({ found: true, path: join(dist, electronExecutableName(platform)), source: 'override' });
  });

  it('an override that does not hold the executable is named in the reason', () => {
    const found = findElectron({ packageDir: packageDir(), platform: 'win32', env: { ELECTRON_OVERRIDE_DIST_PATH: join(dir, 'nowhere') } });
    expect(found).toEqual({ found: false, reason: expect.stringContaining(join(dir, 'nowhere', 'electron.exe')) });
  });

  it('ELECTRON_SKIP_BINARY_DOWNLOAD means no download, and the reason says so', () => {
    let downloads = 0;
    const found = findElectron({ packageDir: packageDir(), platform: 'linux', env: { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }, download: () => (downloads++, { ok: true, detail: '' }) });
    expect(downloads).toBe(0);
    expect(found).toEqual({ found: false, reason: expect.stringMatching(/Electron 45\.4\.1 binary is not installed, and ELECTRON_SKIP_BINARY_DOWNLOAD is set/) });
  });

  it('downloads on the first start when allowed; a failed download gives its reason', () => {
    const pkg = packageDir();
    const ok = findElectron({
      packageDir: pkg,
      platform: 'linux',
      env: {},
      download: (p: string) => {
        mkdirSync(join(p, 'dist'), { recursive: true });
        writeFileSync(join(p, 'dist', 'electron'), '');
        return { ok: true, detail: '' };
      },
    });
    expect(ok).toEqual({ found: true, path: join(pkg, 'dist', 'electron'), source: 'downloaded' });
    const failed = findElectron({ packageDir: packageDir(), platform: 'linux', env: {}, download: () => ({ ok: false, detail: 'getaddrinfo ENOTFOUND github.com' }) });
    expect(failed).toEqual({ found: false, reason: expect.stringMatching(/downloading it failed: getaddrinfo ENOTFOUND github\.com/) });
  });

  it('preview-only arguments are not passed to Electron', () => {
    expect(electronArgs(['--no-open', '--port', '5173', '--state-dir=/tmp/x', '--json', '--self-test', '--reset'])).toEqual(['--self-test']);
  });
});

describe('npm start', () => {
  it.runIf(process.platform === 'linux')('builds and launches the Electron given by ELECTRON_OVERRIDE_DIST_PATH on this folder, without preview-only args', () => {
    const dist = join(dir, 'stub-dist');
    mkdirSync(dist, { recursive: true });
    const record = join(dir, 'electron-argv.txt');
    writeFileSync(join(dist, 'electron'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${record}'\nexit 0\n`);
    chmodSync(join(dist, 'electron'), 0o755);
    const run = spawnSync(process.execPath, [join(repo, 'scripts', 'start.mjs'), '--no-open', '--port', '4000', '--self-test'], {
      cwd: repo,
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: dist },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(`launching it with Electron (${join(dist, 'electron')})`);
    expect(readFileSync(record, 'utf8').trim().split('\n')).toEqual([repo, '--self-test']);
    expect(existsSync(join(repo, 'out', 'main', 'index.js'))).toBe(true);
  }, 150_000);
});
