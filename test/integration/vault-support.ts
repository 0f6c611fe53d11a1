import type { AccountInfo, PublicClientApplication } from '@azure/msal-node';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClipboardPolicy } from '../../main/services/clipboard/clipboard-policy.js';
import type { AppError } from '../../main/services/errors.js';
import { AuditJournal } from '../../main/services/journal/audit-journal.js';
import { SystemClock } from '../../main/adapters/system-clock.js';
import type { AccessToken, TokenProvider, TokenResource } from '../../main/services/ports/token-provider.js';
import { AccessSession } from '../../main/services/session/access-session.js';
import type { VaultSettings } from '../../main/services/settings/settings.schema.js';
import { VaultService, type VaultServiceDeps } from '../../main/services/vault/vault.service.js';
import type { FavouritesStore, VaultAccount, VaultAccountDirectory } from '../../main/services/vault/vault.types.js';
import { FakeClipboard } from '../helpers/fakes/clipboard.fake.js';
import { createTestMsalApp, signInWithPassword } from '../helpers/msal.js';
import type { TestSandbox } from '../helpers/sandbox.js';

/**
 * Shared set-up of the VaultService integration tests (not a test file): the REAL
 * @azure/keyvault-secrets SDK against the sandbox's vaults, tokens from the REAL msal-node (ROPC)
 * against the sandbox's Entra, the real AccessSession, ClipboardPolicy and AuditJournal. Only the
 * OS clipboard is a fake.
 */

const VAULT_SCOPES = ['https://vault.azure.net/.default'];
const GRAPH_SCOPES = ['https://graph.microsoft.com/.default'];

/**
 * A TokenProvider over msal-node: one PublicClientApplication per tenant, accounts signed in with
 * username/password (ROPC). `accountId` is MSAL's homeAccountId, as AuthService uses it.
 */
export class RopcTokenProvider implements TokenProvider, VaultAccountDirectory {
  private readonly signedIn = new Map<string, { app: PublicClientApplication; account: AccountInfo; tenantId: string; username: string }>();
  readonly requests: { accountId: string; resource: TokenResource; forceRefresh: boolean }[] = [];

  constructor(private readonly sandbox: TestSandbox) {}

  /** Signs a seed user in; returns its accountId. */
  async signIn(username: string, tenantId = this.sandbox.info.tenantId): Promise<string> {
    const user = this.sandbox.info.users.find((u) => u.username === username && u.tenantId === tenantId);
    if (!user) throw new Error(`No seed user ${username} in ${tenantId}`);
    const app = createTestMsalApp(this.sandbox.info, tenantId);
    const result = await signInWithPassword(app, user.username, user.password, VAULT_SCOPES);
    const account = result.account!;
    this.signedIn.set(account.homeAccountId, { app, account, tenantId, username });
    return account.homeAccountId;
  }

  signOut(accountId: string): void {
    this.signedIn.delete(accountId);
  }

  async accounts(): Promise<VaultAccount[]> {
    return [...this.signedIn.entries()].map(([accountId, s]) => ({ accountId, tenantId: s.tenantId, username: s.username }));
  }

  async getAccessToken(accountId: string, resource: TokenResource, options: { forceRefresh?: boolean; claims?: string } = {}): Promise<AccessToken> {
    this.requests.push({ accountId, resource, forceRefresh: options.forceRefresh ?? false });
    const s = this.signedIn.get(accountId);
    if (!s) throw new Error(`account ${accountId} is not signed in`);
    const result = await s.app.acquireTokenSilent({
      account: s.account,
      scopes: resource === 'vault' ? VAULT_SCOPES : GRAPH_SCOPES,
      ...(options.forceRefresh ? { forceRefresh: true } : {}),
      ...(options.claims ? { claims: options.claims } : {}),
    });
    return { token: result.accessToken, expiresOnTimestamp: result.expiresOn?.getTime() ?? Date.now() + 3_000_000 };
  }

  dropAccessTokens(): void {
    // MSAL keeps its cache; the service-side purge under test is VaultService dropping its SDK clients.
  }
}

/** Vault settings for sandbox vaults (loopback origins), standing access unless `pimGroupId` is given. */
export function vaultSettings(sandbox: TestSandbox, specs: { name: string; pimGroupId?: string; customer?: string; url?: string }[]): VaultSettings[] {
  return specs.map((spec) => {
    const info = sandbox.info.vaults.find((v) => v.name === spec.name);
    if (!info && !spec.url) throw new Error(`no sandbox vault ${spec.name}`);
    const model = sandbox.context.store.vault(spec.name)?.permissionModel ?? 'rbac';
    return {
      name: spec.name,
      url: spec.url ?? info!.url,
      tenantId: info?.tenantId ?? sandbox.info.tenantId,
      permissionModel: model,
      ...(spec.customer ? { customer: spec.customer } : {}),
      ...(spec.pimGroupId ? { pimGroupId: spec.pimGroupId } : {}),
    };
  });
}

/** A wired VaultService and everything around it; `close()` removes the journal directory. */
export async function wireVaultService(sandbox: TestSandbox, vaults: VaultSettings[], overrides: Partial<VaultServiceDeps> = {}) {
  const clock = new SystemClock();
  const tokens = new RopcTokenProvider(sandbox);
  const clipboard = new FakeClipboard();
  const clipboardPolicy = new ClipboardPolicy({ clipboard, clock, clearAfterMs: 30_000 });
  const journalDir = mkdtempSync(join(tmpdir(), 'jit-vault-journal-'));
  const journal = new AuditJournal({ dir: journalDir, clock });
  const session = new AccessSession({ clock, clipboardPolicy, tokens, warnBeforeExpiryMs: 300_000, idleLockMs: 0 });
  let favourites: string[] = [];
  const favouritesStore: FavouritesStore = { load: async () => favourites, save: async (names) => void (favourites = names) };
  const service = new VaultService({
    vaults,
    tokens,
    accounts: tokens,
    session,
    clipboard: clipboardPolicy,
    journal,
    favourites: favouritesStore,
    clock,
    revealSeconds: () => 20,
    // The SDK's own retries would wait real seconds on 5xx/resets; the service's classification is what is under test.
    client: { retryOptions: { maxRetries: 0 } },
    ...overrides,
  });
  await service.init();
  return {
    clock,
    tokens,
    clipboard,
    session,
    journal,
    service,
    /** Every byte the journal wrote (for leak checks). */
    journalText: () => readdirSync(journalDir).map((f) => readFileSync(join(journalDir, f), 'utf8')).join('\n'),
    async close() {
      service.dispose();
      await session.dispose();
      rmSync(journalDir, { recursive: true, force: true });
    },
  };
}

/** The AppError a promise rejects with (fails the test if it resolves). */
export function rejectionOf(promise: Promise<unknown>): Promise<AppError> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error as AppError,
  );
}
