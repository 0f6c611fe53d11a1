/**
 * Child process of bench/memory.bench.ts (run with --expose-gc): signs in, builds the vault
 * catalog service for the given sandbox vaults, measures the heap after a full GC before and
 * after listing every vault and building the search index, and prints one JSON line.
 */
import { benchSettings, benchVaultService, signedInAuth } from './lib/bench-core.js';
import { STANDING_USER } from './lib/catalog-seed.js';
import type { ReadyInfo } from '../sandbox/ready-info.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

/** heapUsed after two full collections (the second collects what finalizers of the first released). */
function heapAfterGc(): number {
  gc!();
  gc!();
  return process.memoryUsage().heapUsed;
}

const { info, vaults } = JSON.parse(process.argv[2] ?? '{}') as { info: ReadyInfo; vaults: string[] };
const settings = benchSettings(info, vaults.map((name) => ({ name, customer: 'Bench' })));
const { auth } = await signedInAuth(info, settings, STANDING_USER);
const wired = await benchVaultService(settings, auth);
const emptyHeap = heapAfterGc();
const summary = await wired.service.refresh();
if (summary.failed.length > 0) throw new Error(`listing failed: ${summary.failed.map((f) => f.error.code).join(', ')}`);
const items = wired.service.items().length;
// The first search builds the index, as the quick lookup's first page request (`vault:searchPage`) does.
const hits = wired.service.searchHits('admin').total;
const fullHeap = heapAfterGc();
const rss = process.memoryUsage().rss;
console.log(JSON.stringify({ emptyHeap, fullHeap, rss, items, hits }));
await wired.close();
