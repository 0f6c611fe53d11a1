/**
 * Activation readiness: how long after Azure's propagation delay JIT Vault says "Ready", and how
 * many Graph and Key Vault calls it spends getting there. Through the composed app core (real
 * msal-node, Graph client and Key Vault SDK) against a sandbox process with a network model.
 *
 *   npx tsx bench/activation.bench.ts [--delay 5] [--latency 20] [--json]
 *
 * The sandbox makes a new membership visible to newly issued tokens `delay` seconds after the
 * activation starts (Provisioned). Overhead = Ready − (start + delay). Baseline, in the same run: an
 * oracle client that force-refreshes a token and probes every 100 ms for a second group — about the
 * best any client can do on this network (it spends far more calls doing so).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SecretClient } from '@azure/keyvault-secrets';
import { PimGraphApi } from '../main/services/pim/pim-graph.api.js';
import { READINESS_PROBE_SECRET } from '../main/services/vault/vault-clients.js';
import { DEMO_SEED_PATH } from '../sandbox/seed/load-seed.js';
import { DEMO, startApp } from '../test/faults/app-harness.js';
import { ensureBenchCa, flag, numberArg } from './lib/bench-env.js';
import { startBenchSandbox, type RequestLogEntry } from './lib/bench-sandbox.js';
import { ms, ratio, round } from './lib/stats.js';

/** Result of the readiness benchmark. */
export interface ReadinessResult {
  propagationDelayMs: number;
  latencyMs: number;
  /** Ready − (activation start + propagation delay). Target ≤ 2 s. */
  overheadMs: number;
  /** Submit → Ready as the user sees it. */
  submitToReadyMs: number;
  graphCalls: number;
  /** Key Vault listing probes (each also pays a 401 challenge round trip: `vaultCalls`). Target ≤ 10. */
  vaultProbes: number;
  vaultCalls: number;
  tokenRequests: number;
  /** The 100 ms oracle's overhead and calls, measured in the same run. */
  oracleOverheadMs: number;
  oracleVaultCalls: number;
  oracleTokenRequests: number;
}

/** Log entries that finished between `from` and `to` (epoch ms; the sandbox clock has no offset here). */
const within = (entries: RequestLogEntry[], from: number, to: number) => entries.filter((e) => Date.parse(e.time) >= from && Date.parse(e.time) <= to);

/** Runs the readiness benchmark against its own sandbox process. */
export async function runReadinessBench(options: { delaySeconds?: number; latencyMs?: number } = {}): Promise<ReadinessResult> {
  const delaySeconds = options.delaySeconds ?? 5;
  const latencyMs = options.latencyMs ?? 20;
  const sandbox = await startBenchSandbox({ settings: { propagationDelaySeconds: delaySeconds } });
  const dir = mkdtempSync(join(tmpdir(), 'jit-vault-bench-activation-'));
  const seed = JSON.parse(readFileSync(DEMO_SEED_PATH, 'utf8'));
  const app = await startApp({ sandbox: () => ({ info: sandbox.info, seed }), dir });
  try {
    const accountId = await app.signIn();
    await app.core.settled();
    await sandbox.admin('PUT', '/latency', { entra: latencyMs, graph: latencyMs, vault: latencyMs });
    await sandbox.clearLog();

    // JIT Vault: submit through the app and let it follow the request to Ready.
    const submitted = Date.now();
    const { requestId } = await app.core.pim.activate({ accountId, groupId: DEMO.workstations.groupId, justification: 'Benchmark: readiness after activation', durationMinutes: 30 });
    const ready = await app.waitForPhase(requestId, 'Ready', 120_000);
    const readyAt = ready.at;
    const log = within(await sandbox.requests(), submitted - 5, readyAt);
    const active = (await app.core.pim.activeActivations(accountId)).find((a) => a.groupId === DEMO.workstations.groupId);
    if (!active) throw new Error('the activation is not in force after Ready');
    const vault = log.filter((e) => e.service === 'vault');

    // Oracle: a second group, submitted straight to Graph (the app does not follow it), probed every 100 ms.
    const graph = new PimGraphApi({ accountId, baseUrl: sandbox.info.graph, endpoints: { allowLoopback: true } }, app.core.auth);
    const me = await graph.me();
    await sandbox.clearLog();
    const oracleStart = Date.now();
    await graph.submit(
      { action: 'selfActivate', groupId: DEMO.network.groupId, principalId: me.id, justification: 'Benchmark oracle', durationIso: 'PT30M', ticket: { ticketNumber: 'BENCH-1' } },
    );
    const oracleActive = (await graph.myActiveInstances()).find((i) => i.groupId === DEMO.network.groupId);
    if (!oracleActive?.startDateTime) throw new Error('oracle activation has no start time');
    const networkUrl = sandbox.info.vaults.find((v) => v.name === DEMO.network.vault)!.url;
    let oracleReady = 0;
    while (!oracleReady && Date.now() - oracleStart < delaySeconds * 1000 + 60_000) {
      const token = await app.core.auth.getAccessToken(accountId, 'vault', { forceRefresh: true });
      const client = new SecretClient(networkUrl, { getToken: async () => ({ token: token.token, expiresOnTimestamp: token.expiresOnTimestamp }) }, { disableChallengeResourceVerification: true, retryOptions: { maxRetries: 0 } });
      // The app's probe: a value read (404 for a secret that does not exist = allowed). A listing
      // proves nothing here: the helpdesk user holds a standing Key Vault Reader on the vault, so
      // a listing succeeded at once and the oracle's overhead came out negative (-4.8 s).
      try {
        await client.getSecret(READINESS_PROBE_SECRET);
        oracleReady = Date.now();
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode === 404) oracleReady = Date.now();
        else await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    if (!oracleReady) throw new Error('the oracle never saw Key Vault accept the activation');
    const oracleLog = within(await sandbox.requests(), oracleStart - 5, oracleReady);

    return {
      propagationDelayMs: delaySeconds * 1000,
      latencyMs,
      overheadMs: round(readyAt - (active.startsAt + delaySeconds * 1000)),
      submitToReadyMs: round(readyAt - submitted),
      graphCalls: log.filter((e) => e.service === 'graph').length,
      vaultProbes: vault.filter((e) => e.status !== 401).length,
      vaultCalls: vault.length,
      tokenRequests: log.filter((e) => e.service === 'entra' && e.path.endsWith('/token')).length,
      oracleOverheadMs: round(oracleReady - (Date.parse(oracleActive.startDateTime) + delaySeconds * 1000)),
      oracleVaultCalls: oracleLog.filter((e) => e.service === 'vault').length,
      oracleTokenRequests: oracleLog.filter((e) => e.service === 'entra' && e.path.endsWith('/token')).length,
    };
  } finally {
    await app.stop();
    await sandbox.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Human-readable lines for the readiness result. */
export function describeReadiness(r: ReadinessResult): string[] {
  return [
    `activation readiness: propagation delay ${ms(r.propagationDelayMs)}, ${r.latencyMs} ms per request`,
    `  JIT Vault        Ready ${ms(r.overheadMs)} after the propagation delay (submit → Ready ${ms(r.submitToReadyMs)}); ${r.graphCalls} Graph calls, ${r.vaultProbes} Key Vault probes (${r.vaultCalls} requests with challenges), ${r.tokenRequests} token requests`,
    `  100 ms oracle    ${ms(r.oracleOverheadMs)} after the delay; ${r.oracleVaultCalls} Key Vault requests, ${r.oracleTokenRequests} token requests`,
    `  overhead vs oracle ${ratio(r.overheadMs / Math.max(1, r.oracleOverheadMs))}; targets: overhead ≤ 2 s ${r.overheadMs <= 2000 ? 'met' : 'NOT met'}, ≤ 10 probes ${r.vaultProbes <= 10 ? 'met' : 'NOT met'}`,
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href && (await ensureBenchCa())) {
  const result = await runReadinessBench({ delaySeconds: numberArg('delay', 5), latencyMs: numberArg('latency', 20) });
  console.log(flag('json') ? JSON.stringify(result) : describeReadiness(result).join('\n'));
}
