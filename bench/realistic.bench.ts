/**
 * The realistic profile beside the synthetic one: what an MSP helpdesk has. 40 ms per request,
 * 25 vaults across 3 tenants (one account signed in per tenant) with 20–800 secrets each, skewed
 * (bench/lib/realistic-seed.ts: 2,679 in all), and every 20th Key Vault request (5 %) throttled
 * with 429 + Retry-After: 1 s, as Key Vault answers when a vault's limits are exceeded.
 *
 *   npx tsx bench/realistic.bench.ts [--latency 40] [--runs 2] [--json]
 *
 * JIT Vault's figure is what the app runs: `VaultService.refresh()` on a fresh service (new SDK
 * clients, tokens in memory), the first results being the snapshot's first diff with items (what
 * reaches the window), and the request count from the sandbox's request log (Key Vault pages, 401
 * challenges, 429s; token requests). Baselines in the same run: the page-chain bound (longest
 * vault: 32 pages × 40 ms) and the naive loop (one SDK listing per vault, one after the other).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { SystemClock } from '../main/adapters/system-clock.js';
import { AuthService } from '../main/services/auth/auth.service.js';
import { createSecretClient } from '../main/services/vault/secret-client.factory.js';
import { VaultTokenCredential } from '../main/services/vault/vault-token.credential.js';
import { MemorySecretStore } from '../test/helpers/fakes/secret-store.fake.js';
import { browseSignIn } from '../test/helpers/msal.js';
import { benchSettings, benchVaultService } from './lib/bench-core.js';
import { ensureBenchCa, flag, numberArg } from './lib/bench-env.js';
import { startBenchSandbox, type BenchSandbox } from './lib/bench-sandbox.js';
import { REALISTIC, realisticUsers, realisticVaultNames, realisticVaultSize, writeRealisticSeed } from './lib/realistic-seed.js';
import { median, ms, ratio, round } from './lib/stats.js';

/** Result of the realistic profile (medians over the runs). */
export interface RealisticResult {
  tenants: number;
  vaults: number;
  secrets: number;
  latencyMs: number;
  throttledShare: number;
  firstResultsMs: number;
  fullMs: number;
  /** Key Vault requests per load (pages, 401 challenges, 429s). */
  vaultRequests: number;
  /** Of which answered 429 (each retried after its Retry-After). */
  throttled: number;
  /** Token requests to Entra per load (0: the tokens were in memory). */
  tokenRequests: number;
  /** Longest page chain × latency. */
  boundMs: number;
  naiveMs: number;
  naiveVaultRequests: number;
  /** naiveMs / fullMs. */
  speedupVsNaive: number;
  runsMs: number[];
  loadAverage: number;
}

/** One AuthService with the same MSP admin signed in to each of the three tenants. */
async function signInEverywhere(sandbox: BenchSandbox, settings: ReturnType<typeof benchSettings>) {
  const auth = await AuthService.create({ endpoints: { allowLoopback: true }, tenants: settings.tenants, secretStore: new MemorySecretStore(), clock: new SystemClock(), loadBroker: async () => undefined });
  const accounts = new Map<string, string>();
  for (const { tenantIndex, username } of realisticUsers()) {
    const tenantId = sandbox.info.tenants[tenantIndex]!.tenantId;
    const user = sandbox.info.users.find((u) => u.username === username && u.tenantId === tenantId);
    if (!user) throw new Error(`no sandbox user ${username}`);
    const account = await auth.signInInteractive(tenantId, { openBrowser: async (url) => void (await browseSignIn(url, user)) });
    accounts.set(tenantId.toLowerCase(), account.accountId);
  }
  return { auth, accounts };
}

/** Runs the realistic profile against its own sandbox process. */
export async function runRealisticBench(options: { latencyMs?: number; runs?: number } = {}): Promise<RealisticResult> {
  const latencyMs = options.latencyMs ?? 40;
  const runs = options.runs ?? 2;
  const every = 20;
  const dir = mkdtempSync(join(tmpdir(), 'jit-vault-bench-realistic-'));
  const sandbox = await startBenchSandbox({ seedPath: writeRealisticSeed(dir) });
  try {
    const names = realisticVaultNames();
    const secrets = names.reduce((sum, _name, i) => sum + realisticVaultSize(i), 0);
    const settings = benchSettings(
      sandbox.info,
      names.map((name, i) => ({ name, customer: sandbox.info.tenants[i % REALISTIC.tenants]!.displayName })),
    );
    const { auth, accounts } = await signInEverywhere(sandbox, settings);
    await sandbox.admin('PUT', '/latency', { entra: latencyMs, graph: latencyMs, vault: latencyMs });
    await sandbox.admin('POST', '/faults', { service: 'vault', kind: 'status', status: 429, retryAfterSeconds: 1, every });

    const counted = async <T>(run: () => Promise<T>) => {
      await sandbox.clearLog();
      const result = await run();
      const log = await sandbox.requests();
      const vault = log.filter((r) => r.service === 'vault');
      return { ...result, vaultRequests: vault.length, throttled: vault.filter((r) => r.status === 429).length, tokenRequests: log.filter((r) => r.service === 'entra' && r.path.endsWith('/token')).length };
    };
    const ours = () =>
      counted(async () => {
        const wired = await benchVaultService(settings, auth);
        const started = performance.now();
        let first = Number.NaN;
        const off = wired.service.snapshot.on('diff', (diff) => {
          if (Number.isNaN(first) && diff.upserts.length > 0) first = performance.now() - started;
        });
        const summary = await wired.service.refresh();
        wired.service.snapshot.flush();
        const full = performance.now() - started;
        off();
        const listed = wired.service.snapshot.current().items.length;
        await wired.close();
        if (summary.failed.length > 0 || listed !== secrets) throw new Error(`listed ${listed} of ${secrets}; failed: ${summary.failed.map((f) => `${f.vault} ${f.error.code}`).join(', ')}`);
        return { first, full };
      });
    const naive = () =>
      counted(async () => {
        const started = performance.now();
        let items = 0;
        for (const vault of settings.vaults) {
          const accountId = accounts.get(vault.tenantId.toLowerCase())!;
          const client = createSecretClient(vault.url, new VaultTokenCredential({ tokens: auth, resolveAccount: async () => accountId }), { allowLoopback: true });
          for await (const page of client.listPropertiesOfSecrets().byPage({ maxPageSize: 25 })) items += page.length;
        }
        if (items !== secrets) throw new Error(`naive loop listed ${items} of ${secrets}`);
        return { full: performance.now() - started };
      });

    await ours(); // warm-up (JIT), not counted
    const oursRuns: Awaited<ReturnType<typeof ours>>[] = [];
    const naiveRuns: Awaited<ReturnType<typeof naive>>[] = [];
    for (let i = 0; i < runs; i++) {
      oursRuns.push(await ours());
      naiveRuns.push(await naive());
    }
    const fullMs = median(oursRuns.map((r) => r.full));
    const naiveMs = median(naiveRuns.map((r) => r.full));
    return {
      tenants: REALISTIC.tenants,
      vaults: names.length,
      secrets,
      latencyMs,
      throttledShare: 1 / every,
      firstResultsMs: round(median(oursRuns.map((r) => r.first))),
      fullMs: round(fullMs),
      vaultRequests: median(oursRuns.map((r) => r.vaultRequests)),
      throttled: median(oursRuns.map((r) => r.throttled)),
      tokenRequests: median(oursRuns.map((r) => r.tokenRequests)),
      boundMs: Math.ceil(REALISTIC.maxSecrets / 25) * latencyMs,
      naiveMs: round(naiveMs),
      naiveVaultRequests: median(naiveRuns.map((r) => r.vaultRequests)),
      speedupVsNaive: round(naiveMs / fullMs, 2),
      runsMs: oursRuns.map((r) => round(r.full)),
      loadAverage: round(loadavg()[0]!, 2),
    };
  } finally {
    await sandbox.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Human-readable lines. */
export function describeRealistic(r: RealisticResult): string[] {
  return [
    `realistic: ${r.vaults} vaults across ${r.tenants} tenants, ${r.secrets.toLocaleString('en-US')} secrets (20–800 per vault, skewed), ${r.latencyMs} ms per request, ${Math.round(r.throttledShare * 100)} % of Key Vault requests throttled (429, Retry-After 1 s)`,
    `  JIT Vault   first results ${ms(r.firstResultsMs)}   full catalog ${ms(r.fullMs)} (runs ${r.runsMs.join(', ')})   ${r.vaultRequests} Key Vault requests (${r.throttled} throttled), ${r.tokenRequests} token requests`,
    `  bound       ${ms(r.boundMs)} (longest vault: ${r.boundMs / r.latencyMs} pages × ${r.latencyMs} ms)   ratio ${ratio(r.fullMs / r.boundMs)}`,
    `  naive loop  ${ms(r.naiveMs)} (${r.naiveVaultRequests} Key Vault requests)   JIT Vault is ${ratio(r.speedupVsNaive)} faster; load average ${r.loadAverage}`,
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href && (await ensureBenchCa())) {
  const result = await runRealisticBench({ latencyMs: numberArg('latency', 40), runs: numberArg('runs', 2) });
  console.log(flag('json') ? JSON.stringify(result) : describeRealistic(result).join('\n'));
}
