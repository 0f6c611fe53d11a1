import type { AppCore } from '../main/core/app-core.js';
import type { SignedInAccount } from '../main/services/auth/auth.types.js';
import type { VaultSettings } from '../main/services/settings/settings.schema.js';
import { activateGroup, findEligibleGroup } from './activation.js';
import { CliError } from './cli-error.js';
import type { CliIo, CoreHandle, GlobalOptions } from './cli-context.js';
import { EXIT } from './exit-codes.js';
import type { KvRef } from './kv-ref.js';
import { Progress } from './progress.js';
import { accountFor, awaitUnlockInProgress, groupName, vaultSettings, type ActivationInput } from './user-access.js';

/** Resolves kv:// references to values, as the user (PIM) or as the machine's managed identity. */
export type SecretReader = (ref: KvRef) => Promise<string>;

/** `--activate` on read/run: activate the vault's group inline, with this input. */
export interface InlineActivation extends ActivationInput {
  activate?: boolean;
}

/** The reader for these options: `--identity` → managed identity; otherwise the user's session. */
export function secretReader(global: GlobalOptions, core: CoreHandle, io: CliIo, inline: InlineActivation): SecretReader {
  if (global.identity) {
    const reader = import('./identity-reader.js').then(({ IdentitySecretReader }) => new IdentitySecretReader({ ...(global.clientId ? { clientId: global.clientId } : {}), ...(global.settings ? { settings: global.settings } : {}) }));
    return async (ref) => (await reader).read(ref);
  }
  return async (ref) => {
    const app = await core.get();
    const vault = vaultSettings(app, ref.vault);
    const account = await accountFor(app, vault.tenantId);
    await ensureUnlocked(app, vault, account, io, inline);
    const { value } = await app.vault.reveal({ vault: vault.name, name: ref.name }, { source: 'cli', ...(ref.version ? { version: ref.version } : {}) });
    return value;
  };
}

/**
 * A locked PIM vault: wait if an activation in force is being re-probed; activate inline with
 * `--activate`; otherwise exit 4 naming the group and the command that unlocks it.
 */
async function ensureUnlocked(app: AppCore, vault: VaultSettings, account: SignedInAccount, io: CliIo, inline: InlineActivation): Promise<void> {
  const progress = new Progress({ write: io.stderr, isTTY: io.stderrIsTTY });
  try {
    if (await awaitUnlockInProgress(app, vault, account, progress)) return;
    if (!vault.pimGroupId) throw new CliError(`Vault "${vault.name}" is locked. Sign in again (jit-vault login) to re-open it.`, EXIT.locked);
    const name = await groupName(app, account.accountId, vault.pimGroupId);
    if (!inline.activate) {
      throw new CliError(
        `Vault "${vault.name}" is locked: reading it needs an active membership of the PIM group "${name}".\n` +
          `Activate it:  jit-vault activate "${name}" --justification "<why>" --wait\n` +
          `or add --activate --justification "<why>" to this command.`,
        EXIT.locked,
      );
    }
    const group = await findEligibleGroup(app, account, vault.pimGroupId);
    await activateGroup(app, account, group, inline, { wait: true, progress, signal: io.signal });
    if (!app.session.isUnlocked(vault.name)) throw new CliError(`The activation of "${name}" is ready but vault "${vault.name}" is still locked.`, EXIT.locked);
    progress.done(`"${name}" is active; ${vault.name} is unlocked.`);
  } finally {
    progress.stop();
  }
}
