// `npm start`: run JIT Vault.
// With the Electron binary installed, this builds the app and launches it (electron-vite preview):
// the tray app, on the built-in demo tenant when nothing is configured.
// Where the binary is missing (npm could not download it, as on machines without internet), it
// says so and runs the same app in the browser instead (`npm run preview`: the same core services
// and IPC handlers in Node, the same renderer in a browser, the sandbox's demo tenant only).
// Arguments after `--` go to whichever of the two starts.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/**
 * Where the Electron executable is, or undefined when it is not installed. Mirrors the lookup of
 * electron's own index.js, without requiring it: that would try to download the binary.
 */
function findElectronBinary() {
  let packageDir;
  try {
    packageDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return undefined;
  }
  const pathFile = join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const candidate = override ? join(override, relative || 'electron') : relative ? join(packageDir, 'dist', relative) : undefined;
  return candidate && existsSync(candidate) ? candidate : undefined;
}

/** Runs a child with inherited stdio, forwards Ctrl+C/SIGTERM, and exits with its status. */
function run(args, env = process.env) {
  const child = spawn(process.execPath, args, { cwd: repo, stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  child.on('error', (error) => {
    process.stderr.write(`npm start: could not start ${args.join(' ')}: ${error.message}\n`);
    process.exit(1);
  });
}

const passThrough = process.argv.slice(2);
const electron = findElectronBinary();

if (electron) {
  process.stdout.write(`Building and launching JIT Vault with Electron (${electron})...\n`);
  run([join(repo, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'preview', ...passThrough]);
} else {
  process.stderr.write(
    [
      'The Electron binary is not installed on this machine (npm could not download it), so the desktop app cannot open here.',
      'Starting JIT Vault in your browser instead (npm run preview): the same app and services, on the local sandbox demo tenant.',
      'Install Electron (npm ci with internet access) to run it as the tray app.',
      '',
    ].join('\n'),
  );
  run(['--import', 'tsx', join(repo, 'main', 'preview', 'preview-cli.ts'), ...passThrough]);
}
