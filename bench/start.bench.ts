/**
 * Warm start: launch → the catalog list available to the window, from the encrypted catalog cache
 * (0 round trips), against the cold path (the network) in the same run.
 *
 *   npx tsx bench/start.bench.ts [--vaults 10] [--per-vault 1000] [--latency 20] [--runs 3] [--json]
 *
 * Set-up as bench/catalog.bench.ts (the sandbox with 10 × 1,000 secrets, 20 ms per request, signed
 * in). A first load writes the cache (CatalogCache: AES-256-GCM file, key in a SecretStore — here
 * the in-memory one: the OS keychain's own latency is not included). Then, per run, a fresh
 * VaultService (as after a launch):
 *  - warm: `restoreCache()` (read, decrypt, validate, fill the catalog) and the renderer's whole
 *    snapshot built (`snapshot.current()` mapped to DTOs, what `vault:snapshot` sends) and searched
 *    once (the first list): `warmListMs`; then the background refresh until every vault was listed
 *    again and replaced its cached entries: `refreshedMs`;
 *  - cold (baseline): no cache; `refresh()` with its `on` events (what the app runs) until the first page (the first list a cold
 *    window can show: `coldListMs`) and until complete (`coldFullMs`).
 * Not included on either side: Electron's own start and Chromium's paint (bench/ui.bench.ts
 * measures paint per keystroke; the first paint of a list this size is the same either way).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { MemorySecretStore } from '../test/helpers/fakes/secret-store.fake.js';
import { toCatalogSnapshotDto } from '../main/ipc/dto-mappers.js';
import { CatalogCache } from '../main/services/catalog-cache/catalog-cache.js';
import { CatalogMirror } from '../renderer/src/state/catalog-mirror.js';
import { ensureBenchCa, flag, numberArg } from './lib/bench-env.js';
import { refreshAsTheAppDoes } from './lib/app-refresh.js';
import { benchSettings, benchVaultService, signedInAuth } from './lib/bench-core.js';
import { startBenchSandbox } from './lib/bench-sandbox.js';
import { benchVaultNames, STANDING_USER, writeCatalogSeed } from './lib/catalog-seed.js';
import { median, ms, ratio, round } from './lib/stats.js';

/** Result of the warm-start benchmark (medians over the runs, ms). */
export interface StartResult {
  items: number;
  latencyMs: number;
  /** Launch → the whole cached catalog in the window's snapshot and searched once. Target ≤ 100 ms. */
  warmListMs: number;
  /** Launch → the first page from the network (baseline, same run). */
  coldListMs: number;
  /** Launch → the whole catalog from the network. */
  coldFullMs: number;
  /** Warm launch → every vault listed again (the cached entries replaced). */
  refreshedMs: number;
  /** coldListMs / warmListMs. */
  speedup: number;
  cacheFileKB: number;
  runs: { warm: number[]; cold: number[] };
  loadAverage: number;
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
    const settings = benchSettings(sandbox.info, benchVaultNames(vaults).map((name) => ({ name, customer: 'Bench' })));
    const { auth } = await signedInAuth(sandbox.info, settings, STANDING_USER);
    await sandbox.admin('PUT', '/latency', { entra: latencyMs, graph: latencyMs, vault: latencyMs });
    const secrets = new MemorySecretStore();
    const file = join(dir, 'catalog-cache.json');
    const cache = () => new CatalogCache({ file, secrets });

    // The first load writes the cache (and warms the JIT for both paths).
    const writer = await benchVaultService(settings, auth, cache());
    await writer.service.refresh();
    await new Promise((resolve) => setTimeout(resolve, 2500)); // the cache's save delay (2 s) and write
    const cacheFileKB = round(statSync(file).size / 1024);
    await writer.close();

    const warm = async () => {
      const started = performance.now();
      const wired = await benchVaultService(settings, auth, cache());
      await wired.service.restoreCache();
      const mirror = new CatalogMirror();
      mirror.reset(toCatalogSnapshotDto(wired.service.snapshot.current()));
      const first = mirror.search('', 0, 100);
      const list = performance.now() - started;
      if (first.total !== vaults * perVault) throw new Error(`warm list holds ${first.total} items`);
      await wired.service.refresh();
      const refreshed = performance.now() - started;
      if (wired.service.vaultStatuses().some((s) => s.cachedAt !== undefined || s.listing !== 'listed')) throw new Error('the refresh did not replace every cached vault');
      await wired.close();
      return { list, refreshed };
    };
    const cold = async () => {
      const started = performance.now();
      const wired = await benchVaultService(settings, auth);
      let first = Number.NaN;
      await refreshAsTheAppDoes(wired.service, (event) => {
        if (event.type === 'page' && Number.isNaN(first)) first = performance.now() - started;
      });
      const full = performance.now() - started;
      await wired.close();
      return { first, full };
    };
    const warmRuns: Awaited<ReturnType<typeof warm>>[] = [];
    const coldRuns: Awaited<ReturnType<typeof cold>>[] = [];
    for (let i = 0; i < runs; i++) {
      warmRuns.push(await warm());
      coldRuns.push(await cold());
    }
    const warmListMs = median(warmRuns.map((r) => r.list));
    const coldListMs = median(coldRuns.map((r) => r.first));
    return {
      items: vaults * perVault,
      latencyMs,
      warmListMs: round(warmListMs),
      coldListMs: round(coldListMs),
      coldFullMs: round(median(coldRuns.map((r) => r.full))),
      refreshedMs: round(median(warmRuns.map((r) => r.refreshed))),
      speedup: round(coldListMs / warmListMs, 2),
      cacheFileKB,
      runs: { warm: warmRuns.map((r) => round(r.list)), cold: coldRuns.map((r) => round(r.first)) },
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
    `start: launch → list with ${r.items.toLocaleString('en-US')} items, ${r.latencyMs} ms per request (cache file ${r.cacheFileKB} kB, encrypted)`,
    `  warm (encrypted cache)  ${ms(r.warmListMs)} (runs ${r.runs.warm.join(', ')})  target ≤ 100 ms: ${r.warmListMs <= 100 ? 'met' : 'NOT met'}; refreshed catalog in place after ${ms(r.refreshedMs)}`,
    `  cold (network)          first page ${ms(r.coldListMs)} (runs ${r.runs.cold.join(', ')}), full ${ms(r.coldFullMs)}; warm shows all ${r.items.toLocaleString('en-US')} items ${ratio(r.speedup)} sooner than cold shows its first page; load average ${r.loadAverage}`,
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href && (await ensureBenchCa())) {
  const result = await runStartBench({ vaults: numberArg('vaults', 10), perVault: numberArg('per-vault', 1000), latencyMs: numberArg('latency', 20), runs: numberArg('runs', 3) });
  console.log(flag('json') ? JSON.stringify(result) : describeStart(result).join('\n'));
}
