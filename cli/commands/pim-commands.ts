import type { Command } from 'commander';
import type { AppCore } from '../../main/core/app-core.js';
import { activateGroup, findEligibleGroup } from '../activation.js';
import { UsageError } from '../cli-error.js';
import type { CliIo, CoreHandle, GlobalOptions } from '../cli-context.js';
import { EXIT } from '../exit-codes.js';
import { Progress } from '../progress.js';
import { accountFor } from '../user-access.js';

/** `status --json` output (documented in cli/status.schema.json; the CLI tests validate the output against it). */
export interface StatusReport {
  keychain: 'available' | 'unavailable-memory-only';
  accounts: { username: string; tenantId: string }[];
  activations: { account: string; groupId: string; groupName: string; endsAt: string | null; vaults: string[] }[];
  pending: { requestId: string; account: string; groupId: string; submittedAt: string; phase: string }[];
}

const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

async function statusReport(app: AppCore): Promise<StatusReport> {
  await app.started;
  const accounts = await app.auth.accounts();
  const report: StatusReport = { keychain: app.auth.keychainStatus(), accounts: accounts.map((a) => ({ username: a.username, tenantId: a.tenantId })), activations: [], pending: [] };
  for (const account of accounts) {
    const [active, groups] = await Promise.all([app.pim.activeActivations(account.accountId), app.pim.eligibleGroups(account.accountId).catch(() => [])]);
    for (const activation of active) {
      // An activation always ends; a standing membership (no end, e.g. a Key Vault Reader group) is not one.
      if (activation.endsAt === null || activation.endsAt === undefined) continue;
      const group = groups.find((g) => g.groupId === activation.groupId);
      report.activations.push({ account: account.username, groupId: activation.groupId, groupName: group?.displayName ?? activation.groupId, endsAt: iso(activation.endsAt), vaults: app.pim.vaultsOf(activation.groupId) });
    }
  }
  const names = new Map(accounts.map((a) => [a.accountId, a.username]));
  // A group already in force is not pending, whatever this process is still re-probing for it.
  const active = new Set(report.activations.map((a) => a.groupId));
  for (const request of await app.pendingRequests()) {
    if (active.has(request.groupId)) continue;
    report.pending.push({
      requestId: request.requestId,
      account: names.get(request.accountId) ?? request.accountId,
      groupId: request.groupId,
      submittedAt: iso(request.submittedAt)!,
      phase: request.history.at(-1)?.phase ?? 'Submitted',
    });
  }
  return report;
}

/** `activate` and `status`. */
export function registerPimCommands(program: Command, global: () => GlobalOptions, core: CoreHandle, io: CliIo, done: (code: number) => void): void {
  program
    .command('activate')
    .summary('activate a PIM group (just-in-time access)')
    .description('Submits a PIM for Groups self-activation, checked against the group\'s policy like the app does. With --wait, follows approval, provisioning and readiness and exits 0 only once Key Vault answers.')
    .argument('<group>', 'the PIM group: display name or id')
    .option('--justification <text>', 'why you need access (most policies require it)')
    .option('--ticket <number>', 'ticket number (where the policy asks for one)')
    .option('--duration <duration>', 'PT1H, PT30M or minutes (default 60, capped by the policy)')
    .option('--tenant <tenant>', 'tenant id (default: the first signed-in account that is eligible)')
    .option('--wait', 'wait until the access is usable (progress on stderr)')
    .action(async (groupRef: string, options: { justification?: string; ticket?: string; duration?: string; tenant?: string; wait?: boolean }) => {
      if (global().identity) throw new UsageError('activate is for a person: a managed identity has its own Key Vault roles and no PIM.');
      const app = await core.get();
      await app.started;
      const accounts = await app.auth.accounts();
      const candidates = options.tenant ? accounts.filter((a) => a.tenantId === options.tenant!.toLowerCase()) : accounts;
      if (candidates.length === 0) await accountFor(app, options.tenant?.toLowerCase() ?? app.effective().settings.tenants[0]!.tenantId);
      let lastError: unknown;
      for (const account of candidates) {
        let group;
        try {
          group = await findEligibleGroup(app, account, groupRef);
        } catch (error) {
          lastError = error;
          continue;
        }
        const progress = new Progress({ write: io.stderr, isTTY: io.stderrIsTTY });
        try {
          const result = await activateGroup(app, account, group, options, { wait: Boolean(options.wait), progress, signal: io.signal });
          if (result.ready) progress.done(`"${group.displayName}" is active and Key Vault answers (${group.vaults.join(', ') || 'no configured vault'}).`);
          else progress.done(`Requested "${group.displayName}" (request ${result.requestId}). Follow it with: jit-vault status`);
          io.stdout(`${result.requestId}\n`);
        } finally {
          progress.stop();
        }
        return done(0);
      }
      throw lastError;
    });

  program
    .command('status')
    .summary('accounts, active activations and pending requests')
    .option('--json', 'machine-readable output (JSON Schema: cli/status.schema.json)')
    .action(async (options: { json?: boolean }) => {
      if (global().identity) throw new UsageError('status shows a person\'s session; a managed identity has none.');
      const report = await statusReport(await core.get());
      if (options.json) {
        io.stdout(`${JSON.stringify(report, null, 2)}\n`);
      } else {
        io.stdout(report.accounts.length ? report.accounts.map((a) => `signed in: ${a.username} (${a.tenantId})`).join('\n') + '\n' : 'not signed in\n');
        for (const a of report.activations) io.stdout(`active: ${a.groupName} until ${a.endsAt ?? 'permanent'} → ${a.vaults.join(', ') || '-'}\n`);
        for (const p of report.pending) io.stdout(`pending: ${p.requestId} ${p.groupId} (${p.phase}, submitted ${p.submittedAt})\n`);
        if (report.keychain !== 'available') io.stderr('Warning: no usable OS keychain; sign-ins are not kept.\n');
      }
      done(report.accounts.length ? 0 : EXIT.notSignedIn);
    });
}
