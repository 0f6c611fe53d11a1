/**
 * Core memory with a 10,000-secret catalog: heapUsed after a full GC (--expose-gc) in a child
 * process that signed in, listed 10 vaults × 1,000 secrets through the Key Vault SDK and built the
 * search index.
 *
 *   npx tsx bench/memory.bench.ts [--vaults 10] [--per-vault 1000] [--json]
 *
 * Baseline, same process and run: the heap after GC with everything built and signed in but the
 * catalog still empty — so the difference is what the catalog and its index cost.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureBenchCa, flag, numberArg, REPO_ROOT } from './lib/bench-env.js';
import { startBenchSandbox } from './lib/bench-sandbox.js';
import { benchVaultNames, writeCatalogSeed } from './lib/catalog-seed.js';
import { ratio, round } from './lib/stats.js';

/** Result of the memory benchmark. */
export interface MemoryResult {
  items: number;
  /** heapUsed after GC with the full catalog and search index (MB). Target ≤ 100 MB. */
  coreHeapMB: number;
  /** heapUsed after GC, same process, before listing (MB). */
  emptyHeapMB: number;
  /** (coreHeap − emptyHeap) per catalog item. */
  bytesPerItem: number;
  rssMB: number;
}

const MB = 1024 * 1024;

/** Runs the memory benchmark: its own sandbox process and a measuring child process. */
export async function runMemoryBench(options: { vaults?: number; perVault?: number } = {}): Promise<MemoryResult> {
  const vaults = options.vaults ?? 10;
  const perVault = options.perVault ?? 1000;
  const dir = mkdtempSync(join(tmpdir(), 'jit-vault-bench-memory-'));
  const sandbox = await startBenchSandbox({ seedPath: writeCatalogSeed(dir, vaults, perVault) });
  try {
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', join(REPO_ROOT, 'bench', 'memory-child.ts'), JSON.stringify({ info: sandbox.info, vaults: benchVaultNames(vaults) })], {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.once('exit', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`memory child exited ${code}: ${stderr.slice(-2000)}`))));
    });
    const line = output.trim().split('\n').pop()!;
    const measured = JSON.parse(line) as { emptyHeap: number; fullHeap: number; rss: number; items: number };
    if (measured.items !== vaults * perVault) throw new Error(`the child listed ${measured.items} items, expected ${vaults * perVault}`);
    return {
      items: measured.items,
      coreHeapMB: round(measured.fullHeap / MB),
      emptyHeapMB: round(measured.emptyHeap / MB),
      bytesPerItem: Math.round((measured.fullHeap - measured.emptyHeap) / measured.items),
      rssMB: round(measured.rss / MB),
    };
  } finally {
    await sandbox.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Human-readable lines for the memory result. */
export function describeMemory(r: MemoryResult): string[] {
  return [
    `memory: core heap after GC with ${r.items} catalog items and the search index`,
    `  with catalog     ${r.coreHeapMB} MB heap (RSS ${r.rssMB} MB)   empty catalog (same process) ${r.emptyHeapMB} MB   ratio ${ratio(r.coreHeapMB / r.emptyHeapMB)}   ${r.bytesPerItem} bytes per item   (target ≤ 100 MB: ${r.coreHeapMB <= 100 ? 'met' : 'NOT met'})`,
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href && (await ensureBenchCa())) {
  const result = await runMemoryBench({ vaults: numberArg('vaults', 10), perVault: numberArg('per-vault', 1000) });
  console.log(flag('json') ? JSON.stringify(result) : describeMemory(result).join('\n'));
}
