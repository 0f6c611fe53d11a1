// @ts-check
// Where `npm start` finds the Electron executable, written from electron's own index.js/install.js
// (node_modules/electron) but without requiring it: `require('electron')` downloads on first use and
// throws offline, and it trusts path.txt, which a skipped install never writes.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The executable inside an Electron dist directory, per OS — the same table as install.js
 * getPlatformPath(): under ELECTRON_OVERRIDE_DIST_PATH the name differs per OS, and path.txt may not exist.
 * @param {NodeJS.Platform} platform
 */
export function electronExecutableName(platform) {
  switch (platform) {
    case 'darwin':
      return 'Electron.app/Contents/MacOS/Electron';
    case 'win32':
      return 'electron.exe';
    default:
      return 'electron';
  }
}

/** Arguments only the browser preview understands (main/preview/preview-cli.ts); the Electron app gets the rest. */
const PREVIEW_FLAGS = new Set(['--json', '--no-open', '--reset']);
const PREVIEW_OPTIONS = new Set(['--state-dir', '--port', '--renderer-dir']);

/** @param {readonly string[]} args */
export function electronArgs(args) {
  const out = [];
  for (let i = 0; i < args.length; i++) {
    const arg = /** @type {string} */ (args[i]);
    const name = arg.split('=')[0] ?? arg;
    if (PREVIEW_FLAGS.has(name)) continue;
    if (PREVIEW_OPTIONS.has(name)) {
      if (!arg.includes('=')) i++; // its value
      continue;
    }
    out.push(arg);
  }
  return out;
}

/**
 * @typedef {{ found: true, path: string, source: 'override' | 'installed' | 'downloaded' } | { found: false, reason: string }} ElectronLookup
 */

/**
 * Finds the Electron executable, downloading it on first start when that is allowed.
 * @param {{ packageDir: string | undefined, platform: NodeJS.Platform, env: Record<string, string | undefined>, download?: (packageDir: string) => { ok: boolean, detail: string } }} options
 * @returns {ElectronLookup}
 */
export function findElectron({ packageDir, platform, env, download = runElectronInstall }) {
  const name = electronExecutableName(platform);
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const path = join(override, name);
    if (existsSync(path)) return { found: true, path, source: 'override' };
    return { found: false, reason: `ELECTRON_OVERRIDE_DIST_PATH is set to ${override}, but ${path} does not exist.` };
  }
  if (!packageDir) return { found: false, reason: 'The electron package is not installed (run npm ci).' };
  const installed = join(packageDir, 'dist', name);
  const version = readVersion(packageDir);
  if (existsSync(installed)) return { found: true, path: installed, source: 'installed' };
  if (env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    return { found: false, reason: `The Electron ${version} binary is not installed, and ELECTRON_SKIP_BINARY_DOWNLOAD is set, so it is not downloaded.` };
  }
  const result = download(packageDir);
  if (result.ok && existsSync(installed)) return { found: true, path: installed, source: 'downloaded' };
  return { found: false, reason: `The Electron ${version} binary is not installed and downloading it failed${result.detail ? `: ${result.detail}` : ''}.` };
}

/** @param {string} packageDir */
function readVersion(packageDir) {
  try {
    return JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).version;
  } catch {
    return '';
  }
}

/**
 * Electron's own download (install.js: @electron/get, checksums from the package). npm's
 * `allowScripts: { electron: false }` only stops it from running at install time; here it runs once,
 * on the first `npm start`, in the open.
 * @param {string} packageDir
 */
export function runElectronInstall(packageDir) {
  const result = spawnSync(process.execPath, [join(packageDir, 'install.js')], { encoding: 'utf8', timeout: 10 * 60_000 });
  const lastLine = `${result.stderr ?? ''}${result.error?.message ?? ''}`.trim().split('\n').filter(Boolean).at(-1) ?? '';
  return { ok: result.status === 0, detail: lastLine.slice(0, 300) };
}
