import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemorySecretStore } from '../../test/helpers/fakes/secret-store.fake.js';
import { AuthService } from '../../main/services/auth/auth.service.js';
import { ClipboardPolicy } from '../../main/services/clipboard/clipboard-policy.js';
import { AuditJournal } from '../../main/services/journal/audit-journal.js';
import { SystemClock } from '../../main/adapters/system-clock.js';
import { AccessSession } from '../../main/services/session/access-session.js';
import { settingsSchema, type Settings, type VaultSettings } from '../../main/services/settings/settings.schema.js';
import { VaultService } from '../../main/services/vault/vault.service.js';
import type { ReadyInfo } from '../../sandbox/ready-info.js';
import { FakeClipboard } from '../../test/helpers/fakes/clipboard.fake.js';
import { browseSignIn } from '../../test/helpers/msal.js';

/** Settings for every sandbox tenant and the given vaults (standing access unless a vault names a PIM group). */
export function benchSettings(info: ReadyInfo, vaults: (Pick<VaultSettings, 'name'> & Partial<VaultSettings>)[]): Settings {
  return settingsSchema.parse({
    tenants: info.tenants.map((t) => ({ tenantId: t.tenantId, displayName: t.displayName, authority: t.authority, clientId: info.clientId, graphBaseUrl: info.graph })),
    vaults: vaults.map((v) => {
      const sandboxVault = info.vaults.find((s) => s.name === v.name);
      if (!sandboxVault) throw new Error(`no sandbox vault ${v.name}`);
      return { url: sandboxVault.url, tenantId: sandboxVault.tenantId, permissionModel: 'rbac', ...v };
    }),
  });
}

/**
 * The real AuthService (msal-node; refresh tokens in a memory store) with one account signed in
 * through the interactive flow, the sandbox's sign-in pages answered over HTTP.
 */
export async function signedInAuth(info: ReadyInfo, settings: Settings, username: string): Promise<{ auth: AuthService; accountId: string }> {
  const user = info.users.find((u) => u.username === username && u.tenantId === info.tenantId);
  if (!user) throw new Error(`no sandbox user ${username}`);
  const auth = await AuthService.create({ tenants: settings.tenants, secretStore: new MemorySecretStore(), clock: new SystemClock(), loadBroker: async () => undefined });
  const account = await auth.signInInteractive(info.tenantId, { openBrowser: async (url) => void (await browseSignIn(url, user)) });
  return { auth, accountId: account.accountId };
}

/** A VaultService wired as the app wires it (session, clipboard policy, journal), over `auth`. */
export async function benchVaultService(settings: Settings, auth: AuthService) {
  const clock = new SystemClock();
  const journalDir = mkdtempSync(join(tmpdir(), 'jit-vault-bench-journal-'));
  const clipboard = new ClipboardPolicy({ clipboard: new FakeClipboard(), clock, clearAfterMs: 30_000 });
  const session = new AccessSession({ clock, clipboardPolicy: clipboard, tokens: auth, warnBeforeExpiryMs: 300_000, idleLockMs: 0 });
  let favourites: string[] = [];
  const service = new VaultService({
    vaults: settings.vaults,
    tokens: auth,
    accounts: auth,
    session,
    clipboard,
    journal: new AuditJournal({ dir: journalDir, clock }),
    favourites: { load: async () => favourites, save: async (names) => void (favourites = names) },
    clock,
    revealSeconds: () => 20,
  });
  await service.init();
  return {
    service,
    session,
    async close() {
      service.dispose();
      await session.dispose();
      clipboard.dispose();
      rmSync(journalDir, { recursive: true, force: true });
    },
  };
}
