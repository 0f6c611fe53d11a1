import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * Issue 12 item 7, what ships, proven on the BUILT main bundle (out/main, what electron-builder
 * packs): the demo sandbox — and node-forge and jose with it — is reached only through a dynamic
 * import (demo mode), never at start of a configured app; every package the bundle imports is a
 * production dependency (sandbox-only packages are devDependencies, bundled into the sandbox chunk);
 * the archived keytar is never loaded (nor built at install).
 */

const repo = join(import.meta.dirname, '..', '..');
const outMain = join(repo, 'out', 'main');
const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string>; allowScripts: Record<string, boolean> };
const SANDBOX_ONLY = ['node-forge', 'jose', 'ws'];

/** Top-level `import … from "x"` specifiers and `import("x")` literals of a bundle file. */
function importsOf(file: string): { staticImports: string[]; dynamicImports: string[] } {
  const text = readFileSync(file, 'utf8');
  const staticImports = [...text.matchAll(/^import\s+(?:[^'"]*?\s+from\s+)?["']([^"']+)["']/gm)].map((m) => m[1]!);
  const dynamicImports = [...text.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!);
  return { staticImports, dynamicImports };
}
const packageOf = (specifier: string) => (specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!);
const isBuiltin = (specifier: string) => specifier.startsWith('node:') || builtinModules.includes(specifier);

beforeAll(() => {
  // `npm test` builds before this suite; `npm run security` alone builds here once if needed.
  if (existsSync(join(outMain, 'index.js'))) return;
  const build = spawnSync(process.execPath, [join(repo, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: repo, stdio: 'pipe' });
  if (build.status !== 0) throw new Error(`npm run build failed: ${build.stderr.toString()}`);
}, 120_000);

describe('what ships: the built out/main', () => {
  it('the entry imports no sandbox code and none of node-forge, jose, ws; the sandbox chunk only by dynamic import', () => {
    const { staticImports, dynamicImports } = importsOf(join(outMain, 'index.js'));
    expect(staticImports.filter((s) => SANDBOX_ONLY.includes(packageOf(s)))).toEqual([]);
    expect(staticImports.filter((s) => s.startsWith('.'))).toEqual([]); // no chunk loaded at start
    const chunks = readdirSync(join(outMain, 'chunks'));
    const sandboxChunk = chunks.find((name) => readFileSync(join(outMain, 'chunks', name), 'utf8').includes('JIT Vault Sandbox CA'));
    expect(sandboxChunk, 'the sandbox is in a chunk of its own').toBeDefined();
    expect(dynamicImports).toContain(`./chunks/${sandboxChunk}`);
  });

  it('every package any built main file imports is a production dependency (sandbox-only packages are bundled, not shipped)', () => {
    const files = ['index.js', ...readdirSync(join(outMain, 'chunks')).map((name) => join('chunks', name))];
    const bare = new Set(files.flatMap((file) => Object.values(importsOf(join(outMain, file))).flat()).filter((s) => !s.startsWith('.') && !isBuiltin(s)).map(packageOf));
    bare.delete('electron'); // provided by the runtime
    expect([...bare].filter((name) => !(name in pkg.dependencies))).toEqual([]);
    for (const name of SANDBOX_ONLY) {
      expect(pkg.dependencies, name).not.toHaveProperty(name);
      expect(pkg.devDependencies, name).toHaveProperty(name);
    }
  });

  it('keytar: never imported by the bundle, never built at install, not loaded by the broker plugin', () => {
    const text = readdirSync(join(outMain, 'chunks')).map((name) => readFileSync(join(outMain, 'chunks', name), 'utf8')).join('\n') + readFileSync(join(outMain, 'index.js'), 'utf8');
    expect(text).not.toMatch(/["']keytar["']/);
    // The package index re-exports LibSecretPersistence, which imports keytar: the app imports the broker module by path.
    expect(text).not.toMatch(/import\(\s*["']@azure\/msal-node-extensions["']\s*\)/);
    expect(pkg.allowScripts.keytar).toBe(false);
  });

  it('loading the broker plugin the way the app does never resolves keytar (the package index would)', () => {
    // A resolve hook that fails any attempt to load keytar, in a fresh Node process.
    const hook = `data:text/javascript,${encodeURIComponent("export async function resolve(s, c, next) { if (/(^|[\\\\/])keytar([\\\\/]|$)/.test(s)) throw new Error('keytar was loaded'); return next(s, c); }")}`;
    const register = `data:text/javascript,${encodeURIComponent(`import { register } from 'node:module'; register(${JSON.stringify(hook)});`)}`;
    const tsx = pathToFileURL(join(repo, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
    const run = (script: string) => spawnSync(process.execPath, ['--import', register, '--import', tsx, '--input-type=module', '-e', script], { cwd: repo, encoding: 'utf8' });
    const module = pathToFileURL(join(repo, 'main', 'services', 'auth', 'native-broker.ts')).href;
    const ours = run(`const { importNativeBrokerPlugin } = await import(${JSON.stringify(module)}); const P = await importNativeBrokerPlugin(); console.log(typeof P);`);
    expect(ours.stderr).toBe('');
    expect(ours.stdout.trim()).toBe('function');
    const index = run(`await import('@azure/msal-node-extensions');`);
    expect(index.stderr).toContain('keytar was loaded'); // the hook works: the index does load keytar
  });
});
