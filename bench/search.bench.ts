/**
 * Search latency per keystroke over 10,000 secret names (issue "Main-process core": p95 ≤ 2 ms).
 *
 *   npx tsx bench/search.bench.ts [--items 10000] [--sessions 15]
 *
 * A "session" builds a fresh SecretSearchIndex (as after a catalog change) and types every query
 * of the trace one character at a time; each keystroke is one timed `search()` (limit 50). The
 * baseline is the naive filter a first version would write — `haystack.includes(query)` over
 * precomputed lower-case name+tags+customer strings, no ranking — timed on the same keystrokes in
 * the same run, so the ratio survives a slow or busy machine. Prints p50/p95 of both and the ratio.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { SecretSearchIndex, type SearchDocument } from '../shared/search/secret-search.index.js';
import { flag, numberArg } from './lib/bench-env.js';
import { round } from './lib/stats.js';

/** Deterministic pseudo-random numbers (same catalog every run). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A catalog shaped like an MSP's: customers, several vaults each, naming schemes mixed. */
function makeCatalog(count: number): SearchDocument[] {
  const random = rng(42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const customers = ['Contoso', 'Fabrikam', 'Northwind Traders', 'Tailspin Toys', 'Woodgrove Bank', 'Litware', 'Adatum', 'Proseware', 'Wingtip', 'Alpine Ski House', 'Coho Winery', 'Lucerne Publishing'];
  const systems = ['srv', 'dc', 'sql', 'fw', 'vpn', 'router', 'switch', 'esx', 'backup', 'exchange', 'mail', 'web', 'app', 'fs', 'print', 'wifi', 'ilo', 'idrac', 'nas', 'pbx'];
  const roles = ['root', 'admin', 'localadmin', 'service', 'readonly', 'breakglass', 'api-key', 'enable', 'sa', 'svc-backup', 'domain-admin'];
  const envs = ['prod', 'test', 'dev', 'dr', 'branch'];
  const camel = ['SqlAdminPassword', 'DomainJoinAccount', 'BackupEncryptionKey', 'WifiGuestPsk', 'FirewallEnableSecret', 'EsxRootPassword', 'IloAdministrator', 'VpnPresharedKey'];
  const vaults = customers.flatMap((c) => ['ops', 'servers', 'network'].map((v) => ({ vault: `kv-${c.split(' ')[0]!.toLowerCase()}-${v}`, customer: c })));
  const docs: SearchDocument[] = [];
  for (let i = 0; i < count; i++) {
    const { vault, customer } = pick(vaults);
    const n = String(Math.floor(random() * 200)).padStart(2, '0');
    const scheme = random();
    const name =
      scheme < 0.5
        ? `${pick(systems)}-${pick(envs)}${n}-${pick(roles)}`
        : scheme < 0.8
          ? `${pick(customers).split(' ')[0]}-${pick(systems)}${n}-${pick(roles)}`
          : `${pick(camel)}-${pick(envs)}-${n}`;
    docs.push({ key: `${vault}/${name.toLowerCase()}-${i}`, name: `${name}-${i}`, vault, customer, tags: { env: pick(envs), owner: pick(['it-ops', 'netops', 'dba', 'helpdesk']), host: `${pick(systems)}${n}` } });
  }
  return docs;
}

/** What helpdesk engineers type: exact words, multi-word, camelCase runs, and typos. */
const TRACE = ['root', 'sql prod', 'fabrikam fw', 'dc01 admin', 'contso vpn', 'localadmin', 'pasword', 'bakcup', 'srv-dc', 'exchange', 'breakglass wood', 'esxroot', 'a', 'idrac dr'];
const KEYSTROKES = TRACE.flatMap((query) => Array.from({ length: query.length }, (_, i) => query.slice(0, i + 1)));

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

/** Result of the search benchmark (ms per keystroke). */
export interface SearchResult {
  items: number;
  keystrokes: number;
  sessions: number;
  /** SecretSearchIndex. Target p95 ≤ 2 ms. */
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** The naive includes() filter on the same keystrokes. */
  naiveP50Ms: number;
  naiveP95Ms: number;
  /** p95 of the per-keystroke medians (scheduler and GC noise filtered). */
  medianP95Ms: number;
  naiveMedianP95Ms: number;
  slowest: { keystroke: string; ms: number }[];
  coldBuildMs: number;
  warmBuildMs: number;
  checksum: number;
}

/** Types the trace `sessions` times over `items` synthetic names; the first session only warms up. */
export function runSearchBench(options: { items?: number; sessions?: number } = {}): SearchResult {
  const ITEMS = options.items ?? 10_000;
  const SESSIONS = Math.max(2, options.sessions ?? 15);
  const docs = makeCatalog(ITEMS);

  const haystacks = docs.map((d) => [d.name, d.vault, d.customer ?? '', ...Object.entries(d.tags ?? {}).flat()].join(' ').toLowerCase());
  const ours: number[] = [];
  const naive: number[] = [];
  /** Timings per keystroke across sessions: separates slow keystrokes from scheduler/GC noise. */
  const perKeystroke = KEYSTROKES.map(() => [] as number[]);
  const perKeystrokeNaive = KEYSTROKES.map(() => [] as number[]);
  const builds: number[] = [];
  let coldBuild = 0;
  let sink = 0;

  for (let session = 0; session < SESSIONS; session++) {
    const started = performance.now();
    const index = new SecretSearchIndex(docs);
    index.setFavourites(new Set(docs.slice(0, 25).map((d) => d.key)));
    // Session 0 tokenises every document (cold); later sessions reuse the per-document token cache,
    // as the catalog does for secrets unchanged since the last rebuild.
    if (session === 0) coldBuild = performance.now() - started;
    else builds.push(performance.now() - started);
    for (const [k, keystroke] of KEYSTROKES.entries()) {
      const t0 = performance.now();
      sink += index.search(keystroke, 50).total;
      const t1 = performance.now();
      const q = keystroke.toLowerCase();
      let hits = 0;
      for (const h of haystacks) if (h.includes(q)) hits++;
      const t2 = performance.now();
      sink += hits;
      // The first session warms the JIT for both; it is not counted.
      if (session > 0) {
        ours.push(t1 - t0);
        naive.push(t2 - t1);
        perKeystroke[k]!.push(t1 - t0);
        perKeystrokeNaive[k]!.push(t2 - t1);
      }
    }
  }

  ours.sort((a, b) => a - b);
  naive.sort((a, b) => a - b);
  builds.sort((a, b) => a - b);
  const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
  const medians = perKeystroke.map(median).sort((a, b) => a - b);
  const mediansNaive = perKeystrokeNaive.map(median).sort((a, b) => a - b);
  const slowest = KEYSTROKES.map((k, i) => ({ keystroke: k, ms: round(median(perKeystroke[i]!), 3) })).sort((a, b) => b.ms - a.ms).slice(0, 5);
  return {
    items: ITEMS,
    keystrokes: KEYSTROKES.length,
    sessions: SESSIONS - 1,
    p50Ms: round(percentile(ours, 0.5), 3),
    p95Ms: round(percentile(ours, 0.95), 3),
    maxMs: round(ours[ours.length - 1]!, 3),
    naiveP50Ms: round(percentile(naive, 0.5), 3),
    naiveP95Ms: round(percentile(naive, 0.95), 3),
    medianP95Ms: round(percentile(medians, 0.95), 3),
    naiveMedianP95Ms: round(percentile(mediansNaive, 0.95), 3),
    slowest,
    coldBuildMs: round(coldBuild),
    warmBuildMs: round(percentile(builds, 0.5)),
    checksum: sink,
  };
}

/** Human-readable lines for the search result. */
export function describeSearch(r: SearchResult): string[] {
  const fmt = (ms: number) => `${ms.toFixed(3)} ms`;
  return [
    `search over ${r.items} items, ${r.keystrokes} keystrokes × ${r.sessions} sessions (node ${process.version})`,
    `  SecretSearchIndex   p50 ${fmt(r.p50Ms)}   p95 ${fmt(r.p95Ms)}   max ${fmt(r.maxMs)}`,
    `  naive includes()    p50 ${fmt(r.naiveP50Ms)}   p95 ${fmt(r.naiveP95Ms)}`,
    `  ratio (ours / naive)  p50 ${(r.p50Ms / r.naiveP50Ms).toFixed(2)}×   p95 ${(r.p95Ms / r.naiveP95Ms).toFixed(2)}×`,
    `  per-keystroke medians (noise filtered): ours p95 ${fmt(r.medianP95Ms)}, naive p95 ${fmt(r.naiveMedianP95Ms)}`,
    `  slowest keystrokes (median): ${r.slowest.map((s) => `"${s.keystroke}" ${s.ms.toFixed(2)}`).join(', ')}`,
    `  index build         cold ${fmt(r.coldBuildMs)}   warm p50 ${fmt(r.warmBuildMs)}  (runs on the first search after a change; while pages stream, at most once per 300 ms)`,
    `  budget p95 ≤ 2 ms: ${r.p95Ms <= 2 ? 'met' : 'NOT met'}  (checksum ${r.checksum})`,
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = runSearchBench({ items: numberArg('items', 10_000), sessions: numberArg('sessions', 15) });
  console.log(flag('json') ? JSON.stringify(result) : describeSearch(result).join('\n'));
}
