/**
 * Warm start: launch → the catalog list in the window, from the encrypted catalog cache (0 round
 * trips), against the cold path (the network) in the same run.
 *
 *   npx tsx bench/start.bench.ts [--vaults 10] [--per-vault 1000] [--latency 20] [--runs 3] [--json]
 *
 * Set-up as bench/catalog.bench.ts (the sandbox with 10 × 1,000 secrets, 20 ms per request, signed
 * in). A first load writes the cache (CatalogCache: AES-256-GCM file, key in a SecretStore — here
 * the in-memory one: the OS keychain's own latency is not included). Then each run launches a
 * fresh process per path (bench/start-child.ts: cold JIT and a clean heap, as a launch has), which
 * signs in and then times what the app runs:
 *  - warm: `restoreCache()` (the cache's small first-screen record), the `vault:snapshot` answer
 *    (DTOs, structured-cloned as IPC does) into the renderer's CatalogMirror and its first list:
 *    `warmListMs` (CPU: `warmListCpuMs`); the whole cached catalog in the mirror after it:
 *    `warmFullMs` (CPU: `warmFullCpuMs`); the first keystroke after that (`firstKeystrokeMs`: the
 *    renderer's index build); the background refresh until every vault was listed again: `refreshedMs`;
 *  - cold (baseline): no cache; the refresh until the snapshot's first diff with items reaches the
 *    mirror and lists (`coldListMs`), and until the listing completes (`coldFullMs`).
 * Not included on either side: Electron's own start, module loading and Chromium's paint
 * (bench/ui.bench.ts measures paint per keystroke; the first paint of a list is the same either way).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MemorySecretStore } from '../test/helpers/fakes/secret-store.fake.js';
import { CACHE_KEY_ENTRY, CatalogCache, FIRST_SCREEN_FILE_NAME } from '../main/services/catalog-cache/catalog-cache.js';
import { ensureBenchCa, flag, numberArg } from './lib/bench-env.js';
import { benchSettings, benchVaultService, signedInAuth } from './lib/bench-core.js';
import { startBenchSandbox } from './lib/bench-sandbox.js';
import { benchVaultNames, STANDING_USER, writeCatalogSeed } from './lib/catalog-seed.js';
import { median, ms, ratio, round } from './lib/stats.js';

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'start-child.ts');

/** Result of the warm-start benchmark (medians over the runs, ms). */
export interface StartResult {
  items: number;
  latencyMs: number;
  /** Launch → the first screen (from the cache's first-screen record) in the window's mirror and listed. Target ≤ 100 ms. */
  warmListMs: number;
  /** CPU of the launching process over the same span (what the wall time is made of on an idle machine). */
  warmListCpuMs: number;
  /** Launch → the whole cached catalog in the mirror (restored after the first screen). */
  warmFullMs: number;
  warmFullCpuMs: number;
  /** The first keystroke after a warm start, if typed before the window built its index in idle time. */
  firstKeystrokeMs: number;
  /** Launch → the first items from the network in the mirror (baseline, same run). */
  coldListMs: number;
  /** Launch → the whole catalog from the network. */
  coldFullMs: number;
  /** Warm launch → every vault listed again (the cached entries replaced). */
  refreshedMs: number;
  /** coldListMs / warmListMs. */
  speedup: number;
  cacheFileKB: number;
  /** The first-screen record beside it (read and painted first). */
  firstScreenFileKB: number;
  runs: { warm: number[]; warmCpu: number[]; warmFull: number[]; cold: number[] };
  loadAverage: number;
}

interface WarmRun {
  listMs: number;
  listCpuMs: number;
  fullMs: number;
  fullCpuMs: number;
  firstKeystrokeMs: number;
  refreshedMs: number;
}
interface ColdRun {
  firstMs: number;
  firstCpuMs: number;
  fullMs: number;
}

/** One launch in a fresh process (bench/start-child.ts). */
function launch<T>(args: object): Promise<T> {
  return new Promise((resolve, reject) => {
    // START_CPU_PROF=<dir>: each launch writes a --cpu-prof profile there (how the warm start's cost was found).
    const profile = process.env.START_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.START_CPU_PROF] : [];
    const child = spawn(process.execPath, [...profile, '--import', 'tsx', CHILD, JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => (process.env.START_CPU_PROF && console.error(stdout.trim()), code === 0 ? resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as T) : reject(new Error(`start child exited ${code}: ${stderr.slice(-2000)}`))));
  });
}

/** Runs the warm-start benchmark against its own sandbox process. */
export async function runStartBench(options: { vaults?: number; perVault?: number; latencyMs?: number; runs?: number } = {}): Promise<StartResult> {
  const vaults = options.vaults ?? 10;
  const perVault = options.perVault ?? 1000;
  const latencyMs = options.latencyMs ?? 20;
  const runs = options.runs ?? 3;
  const dir = mkdtempSync(join(tmpdir(), 'jit-vault-bench-start-'));
  const sandbox = await startBenchSandbox({ seedPath: writeCatalogSeed(dir, vaults, perVault) });
  try {
    const names = benchVaultNames(vaults);
    const settings = benchSettings(sandbox.info, names.map((name) => ({ name, customer: 'Bench' })));
    const { auth } = await signedInAuth(sandbox.info, settings, STANDING_USER);
    await sandbox.admin('PUT', '/latency', { entra: latencyMs, graph: latencyMs, vault: latencyMs });
    const secrets = new MemorySecretStore();
    const file = join(dir, 'catalog-cache.bin'); // the first-screen record is written beside it

    // The first load writes the cache, as the app does a little after its listings complete.
    const writer = await benchVaultService(settings, auth, new CatalogCache({ file, secrets }));
    await writer.service.refresh();
    await new Promise((resolve) => setTimeout(resolve, 2500)); // the cache's save delay (2 s) and write
    const cacheFileKB = round(statSync(file).size / 1024);
    const firstScreenFileKB = round(statSync(join(dir, FIRST_SCREEN_FILE_NAME)).size / 1024, 1);
    await writer.close();

    const args = { info: sandbox.info, vaults: names, file, key: await secrets.get(CACHE_KEY_ENTRY), items: vaults * perVault };
    const warmRuns: WarmRun[] = [];
    const coldRuns: ColdRun[] = [];
    for (let i = 0; i < runs; i++) {
      warmRuns.push(await launch<WarmRun>({ ...args, mode: 'warm' }));
      coldRuns.push(await launch<ColdRun>({ ...args, mode: 'cold' }));
    }
    const warmListMs = median(warmRuns.map((r) => r.listMs));
    const coldListMs = median(coldRuns.map((r) => r.firstMs));
    return {
      items: vaults * perVault,
      latencyMs,
      warmListMs: round(warmListMs),
      warmListCpuMs: round(median(warmRuns.map((r) => r.listCpuMs))),
      warmFullMs: round(median(warmRuns.map((r) => r.fullMs))),
      warmFullCpuMs: round(median(warmRuns.map((r) => r.fullCpuMs))),
      firstKeystrokeMs: round(median(warmRuns.map((r) => r.firstKeystrokeMs))),
      coldListMs: round(coldListMs),
      coldFullMs: round(median(coldRuns.map((r) => r.fullMs))),
      refreshedMs: round(median(warmRuns.map((r) => r.refreshedMs))),
      speedup: round(coldListMs / warmListMs, 2),
      cacheFileKB,
      firstScreenFileKB,
      runs: { warm: warmRuns.map((r) => round(r.listMs)), warmCpu: warmRuns.map((r) => round(r.listCpuMs)), warmFull: warmRuns.map((r) => round(r.fullMs)), cold: coldRuns.map((r) => round(r.firstMs)) },
      loadAverage: round(loadavg()[0]!, 2),
    };
  } finally {
    await sandbox.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Human-readable lines. */
export function describeStart(r: StartResult): string[] {
  return [
    `start: launch → list with ${r.items.toLocaleString('en-US')} items, ${r.latencyMs} ms per request (cache file ${r.cacheFileKB} kB + first screen ${r.firstScreenFileKB} kB, encrypted)`,
    `  warm (encrypted cache's first screen)  ${ms(r.warmListMs)} (runs ${r.runs.warm.join(', ')}; CPU ${r.runs.warmCpu.join(', ')})  target ≤ 100 ms: ${r.warmListMs <= 100 ? 'met' : 'NOT met'}`,
    `  whole cached catalog after it  ${ms(r.warmFullMs)} (runs ${r.runs.warmFull.join(', ')}; CPU ${ms(r.warmFullCpuMs)}); refreshed catalog in place after ${ms(r.refreshedMs)}`,
    `  first keystroke right after it (index build)  ${ms(r.firstKeystrokeMs)}`,
    `  cold (network)          first items ${ms(r.coldListMs)} (runs ${r.runs.cold.join(', ')}), full ${ms(r.coldFullMs)}; warm shows all ${r.items.toLocaleString('en-US')} items ${ratio(r.speedup)} sooner than cold shows its first page; load average ${r.loadAverage}`,
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href && (await ensureBenchCa())) {
  const result = await runStartBench({ vaults: numberArg('vaults', 10), perVault: numberArg('per-vault', 1000), latencyMs: numberArg('latency', 20), runs: numberArg('runs', 3) });
  console.log(flag('json') ? JSON.stringify(result) : describeStart(result).join('\n'));
}
