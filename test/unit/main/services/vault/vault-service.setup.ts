import { ClipboardPolicy } from '../../../../../main/services/clipboard/clipboard-policy.js';
import type { AppError } from '../../../../../main/services/errors.js';
import { AccessSession } from '../../../../../main/services/session/access-session.js';
import type { VaultSettings } from '../../../../../main/services/settings/settings.schema.js';
import { VaultService, type VaultServiceDeps } from '../../../../../main/services/vault/vault.service.js';
import type { CatalogEvent, VaultAccount } from '../../../../../main/services/vault/vault.types.js';
import { FakeClipboard } from '../../../../helpers/fakes/clipboard.fake.js';
import { FakeTokenProvider } from '../../../../helpers/fakes/token-provider.fake.js';
import { ManualClock } from '../../../../helpers/manual-clock.js';
import { FakeKeyVault, FakeKeyVaultNetwork } from './fake-key-vault.transport.js';
import { RecordingAuditLog } from '../../../../helpers/fakes/audit-log.fake.js';
import { MemoryFavourites } from '../../../../helpers/fakes/favourites.fake.js';

export const TENANT_A = 'aaaaaaaa-0000-4000-8000-000000000001';
export const TENANT_B = 'bbbbbbbb-0000-4000-8000-000000000002';
export const GROUP = 'cccccccc-0000-4000-8000-000000000003';

/** A controllable promise for holding a fake vault's answer. */
export function deferred(): { promise: Promise<void>; release: () => void } {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
}

/** Resolves when `predicate` holds for an emitted catalog event. */
export function nextEvent(service: VaultService, predicate: (e: CatalogEvent) => boolean): Promise<CatalogEvent> {
  return new Promise((resolve) => {
    const off = service.on('catalog', (e) => {
      if (predicate(e)) {
        off();
        resolve(e);
      }
    });
  });
}

/**
 * Three vaults on the fake network: `standing` (no PIM group, tenant A), `pim` (PIM group,
 * tenant A), `other` (PIM group, tenant B). Real AccessSession and ClipboardPolicy on a
 * ManualClock; fake tokens, clipboard, journal and favourites.
 */
export function setup(overrides: Partial<VaultServiceDeps> = {}) {
  const clock = new ManualClock();
  const network = new FakeKeyVaultNetwork();
  const fakes = {
    standing: network.add(new FakeKeyVault('https://localhost:9101', TENANT_A)),
    pim: network.add(new FakeKeyVault('https://localhost:9102', TENANT_A)),
    other: network.add(new FakeKeyVault('https://localhost:9103', TENANT_B)),
  };
  const vaults: VaultSettings[] = [
    { name: 'kv-standing', url: fakes.standing.origin, tenantId: TENANT_A, customer: 'Contoso', permissionModel: 'rbac' },
    { name: 'kv-pim', url: fakes.pim.origin, tenantId: TENANT_A, customer: 'Contoso', pimGroupId: GROUP, permissionModel: 'rbac' },
    { name: 'kv-other', url: fakes.other.origin, tenantId: TENANT_B, customer: 'Fabrikam', pimGroupId: GROUP, permissionModel: 'accessPolicy' },
  ];
  const accounts: VaultAccount[] = [
    { accountId: 'home-a', tenantId: TENANT_A, username: 'alex@contoso.example' },
    { accountId: 'home-b', tenantId: TENANT_B, username: 'alex_contoso#EXT#@fabrikam.example' },
  ];
  const tokens = new FakeTokenProvider({ clock });
  const clipboard = new FakeClipboard();
  const clipboardPolicy = new ClipboardPolicy({ clipboard, clock, clearAfterMs: 30_000 });
  const journal = new RecordingAuditLog();
  const session = new AccessSession({ clock, clipboardPolicy, tokens, warnBeforeExpiryMs: 300_000, idleLockMs: 0 });
  const favourites = new MemoryFavourites();
  const service = new VaultService({
    endpoints: { allowLoopback: true },
    vaults,
    tokens,
    accounts: { accounts: async () => accounts },
    session,
    clipboard: clipboardPolicy,
    journal,
    favourites,
    clock,
    revealSeconds: () => 20,
    client: { httpClient: network, retryOptions: { maxRetries: 0 } },
    ...overrides,
  });
  const unlock = (vault: string, accountId = 'home-a') => session.unlock({ vault, accountId, groupId: GROUP, endsAt: clock.now() + 3_600_000 });
  return { clock, network, fakes, vaults, accounts, tokens, clipboard, clipboardPolicy, journal, session, favourites, service, unlock };
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
