import type { Command } from 'commander';
import type { AppCore } from '../../main/core/app-core.js';
import { cliKeychain } from '../cli-keychain.js';
import { AuditJournal } from '../../main/services/journal/audit-journal.js';
import { cliPaths } from '../cli-build.js';
import { SystemClock } from '../../main/adapters/system-clock.js';
import { LOCK_REQUEST_POLL_MS, LockRequestFile } from '../../main/services/session/lock-request-file.js';
import { CliError, UsageError } from '../cli-error.js';
import type { CliIo, CoreHandle, GlobalOptions } from '../cli-context.js';
import { EXIT } from '../exit-codes.js';

/** The configured tenant to sign in to: `--tenant` (id or display name), or the first one. */
function pickTenant(core: AppCore, tenant: string | undefined): string {
  const tenants = core.effective().settings.tenants;
  if (tenant) {
    const wanted = tenant.toLowerCase(); // typed by the user: ids are lower-case inside the app
    const found = tenants.find((t) => t.tenantId === wanted || t.displayName?.toLowerCase() === wanted);
    if (!found) throw new UsageError(`Tenant "${tenant}" is not configured (configured: ${tenants.map((t) => `${t.displayName ?? ''} ${t.tenantId}`.trim()).join(', ')}).`);
    return found.tenantId;
  }
  // The first configured tenant is the home tenant (an MSP's own); customers' tenants are named with --tenant.
  return tenants[0]!.tenantId;
}

function refuseIdentity(global: GlobalOptions, what: string): void {
  if (global.identity) throw new UsageError(`${what} is for a person's session; with --identity the machine's managed identity needs no sign-in.`);
}

/** `login`, `logout`, `whoami`, `lock`. */
export function registerSessionCommands(program: Command, global: () => GlobalOptions, core: CoreHandle, io: CliIo, done: (code: number) => void): void {
  program
    .command('login')
    .summary('sign in (shared with the JIT Vault app)')
    .description('Signs in to a configured tenant. The sign-in is kept in the OS keychain under the same entries the app uses: signed in here is signed in there.')
    .option('--device-code', 'sign in with a code on another device (no browser on this machine)')
    .option('--tenant <tenant>', 'tenant id or display name (default: the first configured tenant)')
    .action(async (options: { deviceCode?: boolean; tenant?: string }) => {
      refuseIdentity(global(), 'login');
      const app = await core.get();
      await app.started;
      const tenantId = pickTenant(app, options.tenant);
      if (app.auth.keychainStatus() !== 'available') {
        throw new CliError('No usable OS keychain (Secret Service, Keychain or Credential Manager) was found, so a sign-in could not be kept for later commands. Unlock or install the keychain and try again.', EXIT.notSignedIn);
      }
      const off = app.on('device-code', (info) => io.stderr(`${info.message}\n`));
      try {
        const account = await app.signIn(tenantId, options.deviceCode ? 'device-code' : 'browser');
        io.stderr(`Signed in as ${account.username}.\n`);
      } finally {
        off();
      }
      done(0);
    });

  program
    .command('logout')
    .summary('sign out (of the app too)')
    .option('--tenant <tenant>', 'only this tenant (id or display name)')
    .action(async (options: { tenant?: string }) => {
      refuseIdentity(global(), 'logout');
      const app = await core.get();
      await app.started;
      const tenantId = options.tenant ? pickTenant(app, options.tenant) : undefined;
      const accounts = (await app.auth.accounts()).filter((a) => !tenantId || a.tenantId === tenantId);
      for (const account of accounts) {
        await app.signOut(account.accountId);
        io.stderr(`Signed out ${account.username}.\n`);
      }
      if (accounts.length === 0) io.stderr('No account was signed in.\n');
      done(0);
    });

  program
    .command('whoami')
    .summary('show the signed-in accounts')
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }) => {
      refuseIdentity(global(), 'whoami');
      const app = await core.get();
      await app.started;
      const accounts = await app.auth.accounts();
      if (options.json) io.stdout(`${JSON.stringify(accounts.map((a) => ({ username: a.username, tenantId: a.tenantId, name: a.name ?? null })))}\n`);
      else for (const a of accounts) io.stdout(`${a.username}\t${a.tenantId}\n`);
      if (accounts.length === 0) {
        if (!options.json) io.stderr('Not signed in. Run: jit-vault login\n');
        return done(EXIT.notSignedIn);
      }
      done(0);
    });

  program
    .command('lock')
    .summary('lock JIT Vault everywhere on this machine')
    .description(
      'Asks a running JIT Vault app to lock every vault now: it drops its vault tokens and clears the clipboard if it holds a copied secret ' +
        `(it looks for the request every ${LOCK_REQUEST_POLL_MS / 1000} s). The command line itself keeps no vault token after it exits.`,
    )
    .action(async () => {
      const clock = new SystemClock();
      const paths = cliPaths();
      await new LockRequestFile(paths.lockRequestFile).request(clock.now());
      await new AuditJournal({ dir: paths.journalDir, clock, keychain: cliKeychain() }).append({ action: 'lock', outcome: 'ok', detail: 'lock requested from the command line', source: 'cli' });
      io.stderr('Lock requested: a running JIT Vault app locks within a second.\n');
      done(0);
    });
}
