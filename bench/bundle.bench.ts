/**
 * Renderer bundle size: gzip of every JS and CSS file under out/renderer (the output of
 * `npm run build`), as a user's machine loads it.
 *
 *   npx tsx bench/bundle.bench.ts [--build] [--json]
 *
 * `--build` runs `npm run build` first; otherwise the existing out/renderer is measured (its build
 * time is printed). Baseline, built in the same run with esbuild (minified, production): the floor
 * any React 19 renderer pays — `createRoot(...).render(null)` with react and react-dom.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { flag, REPO_ROOT } from './lib/bench-env.js';
import { ratio, round } from './lib/stats.js';

/** Result of the bundle benchmark. */
export interface BundleResult {
  /** Gzipped JS + CSS of out/renderer (kB). Target ≤ 250 kB. */
  rendererGzipKB: number;
  rendererRawKB: number;
  files: { file: string; rawKB: number; gzipKB: number }[];
  /** Gzipped minimal React 19 app (kB), built in the same run. */
  reactFloorGzipKB: number;
  /** When out/renderer was built (ISO). */
  builtAt: string;
}

const KB = 1000;

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]));
}

/** Gzip level 9, as a web server or an asar-packed app would serve it at best. */
const gzipKB = (data: Buffer | string) => gzipSync(data, { level: 9 }).length / KB;

/** Measures out/renderer (building it first with `rebuild`). */
export async function runBundleBench(options: { rebuild?: boolean } = {}): Promise<BundleResult> {
  const outDir = join(REPO_ROOT, 'out', 'renderer');
  if (options.rebuild || !existsSync(outDir)) {
    // Build output goes to stderr: stdout carries only the result (`--json`).
    execFileSync('npm', ['run', '-s', 'build'], { cwd: REPO_ROOT, stdio: ['ignore', 2, 2] });
  }
  const assets = walk(outDir).filter((file) => /\.(m?js|css)$/.test(file));
  if (assets.length === 0) throw new Error(`no JS or CSS under ${outDir}: run npm run build`);
  const files = assets.map((file) => {
    const data = readFileSync(file);
    return { file: relative(REPO_ROOT, file), rawKB: round(data.length / KB), gzipKB: round(gzipKB(data)) };
  });

  const dir = mkdtempSync(join(tmpdir(), 'jit-vault-bench-bundle-'));
  try {
    const entry = join(dir, 'floor.js');
    writeFileSync(entry, "import { createRoot } from 'react-dom/client';\ncreateRoot(document.getElementById('root')).render(null);\n");
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      minify: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      define: { 'process.env.NODE_ENV': '"production"' },
      nodePaths: [join(REPO_ROOT, 'node_modules')],
      logLevel: 'silent',
    });
    const floor = result.outputFiles.reduce((sum, file) => sum + gzipKB(Buffer.from(file.contents)), 0);
    return {
      rendererGzipKB: round(files.reduce((sum, f) => sum + f.gzipKB, 0)),
      rendererRawKB: round(files.reduce((sum, f) => sum + f.rawKB, 0)),
      files,
      reactFloorGzipKB: round(floor),
      builtAt: new Date(Math.max(...assets.map((file) => statSync(file).mtimeMs))).toISOString(),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Human-readable lines for the bundle result. */
export function describeBundle(r: BundleResult): string[] {
  return [
    `renderer bundle (out/renderer, built ${r.builtAt})`,
    `  JIT Vault        ${r.rendererGzipKB} kB gzip (${r.rendererRawKB} kB raw): ${r.files.map((f) => `${f.file} ${f.gzipKB} kB`).join(', ')}`,
    `  React 19 floor   ${r.reactFloorGzipKB} kB gzip (minimal createRoot app, minified)   ratio ${ratio(r.rendererGzipKB / r.reactFloorGzipKB)}   (target ≤ 250 kB: ${r.rendererGzipKB <= 250 ? 'met' : 'NOT met'})`,
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await runBundleBench({ rebuild: flag('build') });
  console.log(flag('json') ? JSON.stringify(result) : describeBundle(result).join('\n'));
}
