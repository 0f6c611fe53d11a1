// @ts-check
// `npm start`: run JIT Vault as the desktop tray app.
// 1. Finds the Electron executable (scripts/lib/electron-binary.mjs): ELECTRON_OVERRIDE_DIST_PATH,
//    else node_modules/electron/dist, else Electron's own download on this first start (unless
//    ELECTRON_SKIP_BINARY_DOWNLOAD is set).
// 2. With it: builds (electron-vite build) and launches Electron on this folder (package.json main =
//    out/main/index.js) — the tray app, on the built-in demo tenant when nothing is configured.
// 3. Without it: says exactly why and runs the same app in the browser (`npm run preview`).
// Arguments after `--` go to whichever starts; preview-only ones (--no-open, --port …) are not passed to Electron.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronArgs, findElectron } from './lib/electron-binary.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** @returns {string | undefined} */
function electronPackageDir() {
  try {
    return dirname(require.resolve('electron/package.json'));
  } catch {
    return undefined;
  }
}

/**
 * Runs a child with inherited stdio, forwards Ctrl+C/SIGTERM, and exits with its status.
 * @param {string} command @param {string[]} args
 */
function run(command, args) {
  const child = spawn(command, args, { cwd: repo, stdio: 'inherit', env: process.env });
  for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  child.on('error', (error) => {
    process.stderr.write(`npm start: could not start ${command}: ${error.message}\n`);
    process.exit(1);
  });
}

const passThrough = process.argv.slice(2);
const electron = findElectron({ packageDir: electronPackageDir(), platform: process.platform, env: process.env });

if (electron.found) {
  process.stdout.write(`Building JIT Vault, then launching it with Electron (${electron.path})...\n`);
  const build = spawnSync(process.execPath, [join(repo, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: repo, stdio: 'inherit' });
  if (build.status !== 0) {
    process.stderr.write('npm start: the build failed (see above), so JIT Vault was not launched.\n');
    process.exit(build.status ?? 1);
  }
  run(electron.path, [repo, ...electronArgs(passThrough)]);
} else {
  process.stderr.write(
    [
      `The desktop app cannot open here: ${electron.reason}`,
      'Starting JIT Vault in your browser instead (npm run preview): the same app and services, on the local sandbox demo tenant.',
      'To run the tray app: allow the download (unset ELECTRON_SKIP_BINARY_DOWNLOAD, with internet access) or point ELECTRON_OVERRIDE_DIST_PATH at an Electron dist folder.',
      '',
    ].join('\n'),
  );
  run(process.execPath, ['--import', 'tsx', join(repo, 'main', 'preview', 'preview-cli.ts'), ...passThrough]);
}
