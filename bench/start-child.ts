/**
 * Child process of bench/start.bench.ts: one launch, in a fresh process (cold JIT, a heap without
 * an earlier run's garbage), as the app starts. Signs in first (the app restores its accounts from
 * the keychain before the catalog), then starts the clock and runs what the app runs:
 *  - warm: the VaultService with the encrypted cache, `restoreCache()` (app-core: the cache's
 *    first-screen record), the renderer's `vault:snapshot` answer (snapshot → DTOs → a structured
 *    clone, as IPC copies it) into the renderer's CatalogMirror, and its first list (the empty
 *    query): `listMs`; then the whole cached catalog, restored after that first snapshot, as the
 *    diff reaches the mirror: `fullMs` (its first page must equal the first screen's); then the
 *    first keystroke and the background refresh;
 *  - cold: no cache; the refresh, until the snapshot's first diff with items reaches the mirror
 *    and lists (`firstMs`), and until the listing completes (`fullMs`).
 * Prints one JSON line with the times (ms, wall and this process's CPU).
 */
import { performance } from 'node:perf_hooks';
import { toCatalogDiffDto, toCatalogSnapshotDto } from '../main/ipc/dto-mappers.js';
import { CACHE_KEY_ENTRY, CatalogCache } from '../main/services/catalog-cache/catalog-cache.js';
import { CatalogMirror } from '../renderer/src/state/catalog-mirror.js';
import type { ReadyInfo } from '../sandbox/ready-info.js';
import { MemorySecretStore } from '../test/helpers/fakes/secret-store.fake.js';
import { benchSettings, benchVaultService, signedInAuth } from './lib/bench-core.js';
import { STANDING_USER } from './lib/catalog-seed.js';

const args = JSON.parse(process.argv[2] ?? '{}') as { info: ReadyInfo; vaults: string[]; mode: 'warm' | 'cold'; file: string; key: string; items: number };
const settings = benchSettings(args.info, args.vaults.map((name) => ({ name, customer: 'Bench' })));
const { auth } = await signedInAuth(args.info, settings, STANDING_USER);
const secrets = new MemorySecretStore();
await secrets.set(CACHE_KEY_ENTRY, args.key);
const cpuMs = () => {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
};

// The monotonic clock a --cpu-prof profile's timestamps use (µs): cuts a profile to the measured span.
const startedUs = Number(process.hrtime.bigint() / 1000n);
const started = performance.now();
const cpuStarted = cpuMs();
const mirror = new CatalogMirror();
if (args.mode === 'warm') {
  const wired = await benchVaultService(settings, auth, new CatalogCache({ file: args.file, secrets }));
  await wired.service.restoreCache();
  mirror.reset(structuredClone(toCatalogSnapshotDto(wired.service.snapshot.current())));
  const first = mirror.search('', 0, 100);
  const listMs = performance.now() - started;
  const listCpuMs = cpuMs() - cpuStarted;
  if (first.hits.length !== Math.min(100, args.items)) throw new Error(`warm list shows ${first.hits.length} rows`);
  // The whole cached catalog follows the first snapshot (main restores it on the next turn) as a diff, as IPC sends it.
  wired.service.snapshot.on('diff', (diff) => void mirror.apply(structuredClone(toCatalogDiffDto(diff))));
  await wired.service.cacheRestored();
  wired.service.snapshot.flush();
  const fullMs = performance.now() - started;
  const fullCpuMs = cpuMs() - cpuStarted;
  const whole = mirror.search('', 0, 100);
  if (whole.total !== args.items) throw new Error(`warm catalog holds ${whole.total} items, expected ${args.items}`);
  if (whole.hits.some((hit, i) => hit.item.key !== first.hits[i]?.item.key)) throw new Error('the first screen is not the whole catalog\'s first page');
  // The first keystroke after the list: builds the renderer's search index (unless built in idle time first).
  const keyStarted = performance.now();
  mirror.search('a', 0, 100);
  const firstKeystrokeMs = performance.now() - keyStarted;
  await wired.service.refresh();
  const refreshedMs = performance.now() - started;
  if (wired.service.vaultStatuses().some((s) => s.namesAsOf !== undefined || s.listing !== 'listed')) throw new Error('the refresh did not replace every cached vault');
  console.log(JSON.stringify({ listMs, listCpuMs, fullMs, fullCpuMs, firstKeystrokeMs, refreshedMs, spanUs: [startedUs, startedUs + Math.round(listMs * 1000)] }));
  await wired.close();
} else {
  const wired = await benchVaultService(settings, auth);
  let firstMs = Number.NaN;
  let firstCpuMs = Number.NaN;
  wired.service.snapshot.on('diff', (diff) => {
    if (!mirror.ready) mirror.reset({ type: 'reset', revision: diff.base, items: [] });
    mirror.apply(structuredClone(toCatalogDiffDto(diff)));
    if (Number.isNaN(firstMs) && mirror.search('', 0, 100).total > 0) {
      firstMs = performance.now() - started;
      firstCpuMs = cpuMs() - cpuStarted;
    }
  });
  const summary = await wired.service.refresh();
  wired.service.snapshot.flush();
  const fullMs = performance.now() - started;
  if (summary.failed.length > 0) throw new Error(`listing failed: ${summary.failed.map((f) => f.error.code).join(', ')}`);
  if (mirror.size !== args.items) throw new Error(`cold mirror holds ${mirror.size} items, expected ${args.items}`);
  console.log(JSON.stringify({ firstMs, firstCpuMs, fullMs }));
  await wired.close();
}
