/**
 * `npm run bench`: every benchmark, each against its baseline measured in the same run.
 *
 *   npm run -s bench [-- --json] [-- --only catalog,realistic,search,readiness,start,memory,bundle,ui] [-- --build]
 *
 * Without `--json` each section prints its figure, baseline and ratio as it finishes. With `--json`
 * stdout carries exactly one JSON object (progress goes to stderr); `npm run -s` keeps npm's own
 * banner off stdout. A section that fails is reported as `{ "error": … }` and the exit code is 1.
 * Benchmarks are not part of `npm test`.
 */
import { existsSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { describeCatalog, runCatalogBench } from './catalog.bench.js';
import { describeReadiness, runReadinessBench } from './activation.bench.js';
import { describeBundle, runBundleBench } from './bundle.bench.js';
import { describeMemory, runMemoryBench } from './memory.bench.js';
import { describeSearch, runSearchBench } from './search.bench.js';
import { describeStart, runStartBench } from './start.bench.js';
import { describeRealistic, runRealisticBench } from './realistic.bench.js';
import { readinessScheduleFigures } from './lib/readiness-schedule.js';
import { ensureBenchCa, flag } from './lib/bench-env.js';

/** The UI benchmark's contract (bench/ui.bench.ts, added with the renderer's Chromium benchmarks). */
interface UiBenchModule {
  runUiBench(): Promise<{ listUpdateMs: number; baselineP95Ms: number; trayOpenMs: number } & Record<string, unknown>>;
  describeUi(result: unknown): string[];
}

type Section = { name: string; run: () => Promise<unknown>; describe: (result: never) => string[] };

const SECTIONS: Section[] = [
  { name: 'search', run: async () => runSearchBench(), describe: describeSearch },
  { name: 'bundle', run: () => runBundleBench({ rebuild: flag('build') }), describe: describeBundle },
  { name: 'catalog', run: () => runCatalogBench(), describe: describeCatalog },
  {
    name: 'readiness',
    // The real activation through the sandbox (5 s), plus the schedule at 5 s / 90 s / 600 s on a virtual clock.
    run: async () => ({ ...(await runReadinessBench()), delays: await readinessScheduleFigures() }),
    describe: (r: Parameters<typeof describeReadiness>[0] & { delays: Awaited<ReturnType<typeof readinessScheduleFigures>> }) => [
      ...describeReadiness(r),
      ...r.delays.map(
        (d) =>
          `  schedule at ${d.delayMs / 1000} s (virtual clock): remembered propagation +${d.overheadMs} ms, ${d.vaultProbes} probes (target ≤ 2 s, ≤ 10: ${d.overheadMs <= 2000 && d.vaultProbes <= 10 ? 'met' : 'NOT met'}); first time +${d.firstTime.overheadMs} ms, ${d.firstTime.vaultProbes} probes`,
      ),
    ],
  },
  { name: 'realistic', run: () => runRealisticBench(), describe: describeRealistic },
  { name: 'start', run: () => runStartBench(), describe: describeStart },
  { name: 'memory', run: () => runMemoryBench(), describe: describeMemory },
  {
    name: 'ui',
    async run() {
      const file = join(import.meta.dirname, 'ui.bench.ts');
      if (!existsSync(file)) return { listUpdateMs: null, baselineP95Ms: null, trayOpenMs: null, note: 'Chromium UI benchmark not added yet (bench/ui.bench.ts exporting runUiBench/describeUi)' };
      const ui = (await import('./ui.bench.js' as string)) as UiBenchModule;
      return ui.runUiBench();
    },
    describe: (result: { listUpdateMs: number | null; baselineP95Ms: number | null; trayOpenMs: number | null; note?: string }) =>
      result.listUpdateMs === null ? [`ui: not measured — ${result.note ?? ''}`] : [`ui: list update p95 ${result.listUpdateMs} ms (plain page ${result.baselineP95Ms} ms), tray open ${result.trayOpenMs} ms`],
  },
];

/** Section names in the JSON output (the names: readiness, memory.coreHeapMB, bundle.rendererGzipKB...). */
async function main(): Promise<void> {
  const json = flag('json');
  const onlyIndex = process.argv.indexOf('--only');
  const only = onlyIndex >= 0 ? new Set((process.argv[onlyIndex + 1] ?? '').split(',')) : undefined;
  const out = (line: string) => (json ? process.stderr : process.stdout).write(`${line}\n`);
  const report: Record<string, unknown> = {
    machine: { node: process.version, cores: availableParallelism(), cpu: cpus()[0]?.model ?? 'unknown', loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100), date: new Date().toISOString() },
  };
  let failed = false;
  for (const section of SECTIONS) {
    if (only && !only.has(section.name)) continue;
    out(`— ${section.name} …`);
    const started = Date.now();
    try {
      const result = await section.run();
      report[section.name] = result;
      for (const line of section.describe(result as never)) out(line);
      out(`  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    } catch (error) {
      failed = true;
      report[section.name] = { error: error instanceof Error ? error.message : String(error) };
      out(`  FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }
  (report.machine as Record<string, unknown>).loadAverageAtEnd = loadavg().map((l) => Math.round(l * 100) / 100);
  if (json) process.stdout.write(`${JSON.stringify(report)}\n`);
  process.exitCode = failed ? 1 : 0;
}

if (await ensureBenchCa()) await main();
