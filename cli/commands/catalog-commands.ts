import type { Command } from 'commander';
import type { AppCore } from '../../main/core/app-core.js';
import type { CatalogItem } from '../../main/services/vault/vault.types.js';
import { CliError } from '../cli-error.js';
import type { CliIo, CoreHandle, GlobalOptions } from '../cli-context.js';
import { EXIT } from '../exit-codes.js';
import { parseKvRef } from '../kv-ref.js';
import { accountFor, groupName, vaultSettings } from '../user-access.js';

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

/** Metadata only: names, lock state, tags, dates — never a value. */
function itemJson(item: CatalogItem) {
  return { vault: item.vault, name: item.name, locked: item.locked, enabled: item.enabled ?? null, contentType: item.contentType ?? null, tags: item.tags ?? {}, updatedOn: iso(item.updatedOn), expiresOn: iso(item.expiresOn) };
}

async function listVaults(app: AppCore, names: string[] | undefined): Promise<void> {
  await app.started;
  const summary = await app.vault.refresh(names);
  const failed = summary.failed[0];
  if (failed && names?.length === 1) throw failed.error;
}

/** `ls` and `search`. */
export function registerCatalogCommands(program: Command, global: () => GlobalOptions, core: CoreHandle, io: CliIo, done: (code: number) => void): void {
  program
    .command('ls')
    .summary('list vaults, or the secrets of one vault (names and metadata only)')
    .argument('[vault]', 'kv://<vault> (or just the vault name)')
    .option('--json', 'machine-readable output')
    .action(async (vaultArg: string | undefined, options: { json?: boolean }) => {
      const vaultName = vaultArg === undefined ? undefined : vaultArg.startsWith('kv://') ? parseKvRef(`${vaultArg.replace(/\/+$/, '')}/x`).vault : vaultArg;
      if (global().identity) {
        if (!vaultName) throw new CliError('With --identity, name the vault: jit-vault --identity ls kv://<vault>', EXIT.usage);
        const { IdentitySecretReader } = await import('../identity-reader.js');
        const items = await new IdentitySecretReader({ ...(global().clientId ? { clientId: global().clientId } : {}), ...(global().settings ? { settings: global().settings } : {}) }).list(vaultName);
        io.stdout(options.json ? `${JSON.stringify(items)}\n` : items.map((i) => `${i.name}\n`).join(''));
        return done(0);
      }
      const app = await core.get();
      if (!vaultName) {
        await app.started;
        const vaults = app.effective().settings.vaults.map((v) => ({ name: v.name, url: v.url, tenantId: v.tenantId, pimGroupId: v.pimGroupId ?? null, unlocked: app.session.isUnlocked(v.name) }));
        io.stdout(options.json ? `${JSON.stringify(vaults)}\n` : vaults.map((v) => `${v.name}\t${v.unlocked ? 'unlocked' : 'locked'}\n`).join(''));
        return done(0);
      }
      const vault = vaultSettings(app, vaultName);
      const account = await accountFor(app, vault.tenantId);
      await listVaults(app, [vault.name]);
      const items = app.vault.items().filter((i) => i.vault === vault.name);
      if (items.length === 0 && vault.pimGroupId && !app.session.isUnlocked(vault.name)) {
        throw new CliError(`Vault "${vault.name}" is locked and its names are not known yet: activate "${await groupName(app, account.accountId, vault.pimGroupId)}" first.`, EXIT.locked);
      }
      io.stdout(options.json ? `${JSON.stringify(items.map(itemJson))}\n` : items.map((i) => `${i.name}${i.locked ? '\t(locked)' : ''}\n`).join(''));
      done(0);
    });

  program
    .command('search')
    .summary('search secret names across the configured vaults')
    .argument('<text>', 'part of a name, a tag or a customer')
    .option('--json', 'machine-readable output')
    .action(async (text: string, options: { json?: boolean }) => {
      if (global().identity) throw new CliError('search works on the configured vaults of a person\'s session; with --identity use ls kv://<vault>.', EXIT.usage);
      const app = await core.get();
      await app.started;
      if ((await app.auth.accounts()).length === 0) await accountFor(app, app.effective().settings.tenants[0]!.tenantId);
      await listVaults(app, undefined);
      const items = app.vault.searchHits(text, 200).hits.map((hit) => hit.item);
      io.stdout(options.json ? `${JSON.stringify(items.map(itemJson))}\n` : items.map((i) => `kv://${i.vault}/${i.name}${i.locked ? '\t(locked)' : ''}\n`).join(''));
      done(items.length ? 0 : EXIT.notFound);
    });
}
