import { describe, expect, it } from 'vitest';
import { invokeChannels } from '../../../../shared/ipc/contract.js';
import type { AppCore } from '../../../../main/core/app-core.types.js';
import { ipcHandlers } from '../../../../main/ipc/handlers.js';
import { createIpcDispatcher } from '../../../../main/ipc/ipc-wrapper.js';
import type { CatalogItem } from '../../../../main/services/vault/vault.types.js';
import { settingsSchema } from '../../../../main/services/settings/settings.schema.js';
import { applyPolicy } from '../../../../main/services/settings/effective-settings.js';

const TENANT = '182280d5-3a76-4ca2-b5fc-ac8edce86818';
const settings = settingsSchema.parse({
  tenants: [{ tenantId: TENANT, displayName: 'Contoso IT', clientId: '11111111-2222-3333-4444-555555555555' }],
  vaults: [{ name: 'kv-contoso-servers', url: 'https://kv-contoso-servers.vault.azure.net', tenantId: TENANT, pimGroupId: '480ca4e5-1d02-4348-9047-4c462899391c' }],
  justificationTemplates: ['Ticket'],
});

const item: CatalogItem = { key: 'kv-contoso-servers/dc01-administrator', vault: 'kv-contoso-servers', name: 'dc01-administrator', locked: false, favourite: false, tags: { customer: 'Contoso' }, staleness: ['no-expiry'] };

/** The journal on a shared machine: the signed-in user's lines, a previous user's, and one without an account. */
const journalRecords = [
  { time: '2025-01-01T00:00:00.000Z', action: 'copy', outcome: 'ok', account: `home|${TENANT}`, vault: 'kv', secretName: 'a', prevHash: '0', hash: '1' },
  { time: '2025-01-01T12:00:00.000Z', action: 'activate', outcome: 'ok', account: 'previous|user', groupId: 'g', justification: 'Fix payroll for Kim', prevHash: '1', hash: '2' },
  { time: '2025-01-01T13:00:00.000Z', action: 'sign-in', outcome: 'failed', detail: 'cancelled', prevHash: '2', hash: '3' },
  { time: '2025-01-02T00:00:00.000Z', action: 'reveal', outcome: 'ok', account: 'home|other', vault: 'kv', secretName: 'b', prevHash: '3', hash: '4' },
];

/** A core with just what the handlers under test touch; every call is recorded. */
function fakeCore(options: { reveal?: boolean } = {}) {
  const calls: string[] = [];
  const effective = applyPolicy(settings, options.reveal === false ? { status: 'applied', file: 'policy.json', policy: { version: 1, disableReveal: true, disableLargeType: false, allowDemoMode: true } } : { status: 'absent', file: 'policy.json' });
  const accounts = [
    { accountId: `home|${TENANT}`, homeAccountId: 'home', tenantId: TENANT, username: 'alex@contoso.example' },
    { accountId: 'home|other', homeAccountId: 'home', tenantId: 'other', username: 'alex@other.example' },
  ];
  const core = {
    mode: 'configured',
    platform: 'linux',
    demoTenantName: undefined,
    effective: () => effective,
    desktopNotices: () => [],
    journalProblem: () => undefined,
    shell: { openExternal: async (url: string) => void calls.push(`open ${url}`), hidePopup: () => undefined, openMain: () => undefined },
    auth: { accounts: async () => accounts, keychainStatus: () => 'available', keychainReason: () => undefined },
    session: { grants: () => [{ vault: 'kv-contoso-servers', accountId: accounts[0]!.accountId, endsAt: 1234 }] },
    vault: {
      // Services may hand back more than the contract allows: the handlers must pass on only the contract's fields.
      reveal: async () => (calls.push('reveal'), { value: 'S3cret!', hideAt: 99, extra: 'nope' }),
      copy: async () => (calls.push('copy'), { clearsAt: 42, value: 'must-not-cross' }),
      searchHits: (query: string, limit = 50, offset = 0) => (
        calls.push(`search ${query} ${limit} ${offset}`),
        {
          hits: [
            { item, nameMatches: [[0, 3]] },
            { item: { ...item, key: 'kv/x', name: 'x-dc01' }, nameMatches: [] },
          ],
          total: 7,
        }
      ),
      vaultStatuses: () => [{ name: 'kv-contoso-servers', access: 'unlocked', listing: 'listed', itemCount: 5, pimGroupId: 'g', endsAt: 1234 }],
      setFavourite: async (_ref: unknown, favourite: boolean) => (favourite ? { ...item, favourite: true } : undefined),
    },
    pim: {
      eligibleGroups: async (accountId: string) => [
        { accountId, tenantId: 't', groupId: `g-${accountId}`, displayName: 'G', description: '', policy: { maxDurationMinutes: 60, requireJustification: true, requireTicket: false, requireMfa: false, requireApproval: false }, vaults: ['kv'], eligibleUntil: null },
      ],
    },
    journal: {
      // Like AuditJournal.read: the last `limit` records that `where` keeps, oldest first.
      read: async (limit: number, where: (record: { account?: string }) => boolean = () => true) => journalRecords.filter(where).slice(-limit),
    },
    pendingRequests: async () => [
      { requestId: 'r-mine', accountId: accounts[0]!.accountId, groupId: 'g', submittedAt: 1, history: [] },
      { requestId: 'r-gone', accountId: 'previous|user', groupId: 'g', submittedAt: 2, history: [] },
    ],
  } as unknown as AppCore;
  return { core, calls, dispatcher: createIpcDispatcher(ipcHandlers, core, { isTrustedSender: () => true }) };
}

describe('IPC handler table', () => {
  it('has exactly the contract channels, each a function', () => {
    expect(Object.keys(ipcHandlers).sort()).toEqual(Object.keys(invokeChannels).sort());
    for (const handler of Object.values(ipcHandlers)) expect(typeof handler).toBe('function');
  });

  it('copy answers only when the clipboard clears — never a value', async () => {
    const { dispatcher } = fakeCore();
    const result = await dispatcher.dispatch('vault:copy', { vault: 'kv-contoso-servers', name: 'dc01-administrator' }, {});
    expect(result).toEqual({ ok: true, value: { clearsAt: 42 } });
  });

  it('reveal hands out the value once with its hide time, and nothing else', async () => {
    const { dispatcher } = fakeCore();
    expect(await dispatcher.dispatch('vault:reveal', { vault: 'kv-contoso-servers', name: 'dc01-administrator' }, {})).toEqual({ ok: true, value: { value: 'S3cret!', hideAt: 99 } });
  });

  it('reveal is refused without fetching the value when the admin policy turns it off', async () => {
    const { dispatcher, calls } = fakeCore({ reveal: false });
    const result = await dispatcher.dispatch('vault:reveal', { vault: 'kv-contoso-servers', name: 'dc01-administrator' }, {});
    expect(result).toMatchObject({ ok: false, code: 'vault-forbidden-policy' });
    expect(calls).not.toContain('reveal');
  });

  it('openExternal opens only allowlisted Microsoft https links', async () => {
    const { dispatcher, calls } = fakeCore();
    expect(await dispatcher.dispatch('app:openExternal', { url: 'https://evil.example/portal.azure.com' }, {})).toMatchObject({ ok: false, code: 'bad-request' });
    expect(calls).toEqual([]);
    expect(await dispatcher.dispatch('app:openExternal', { url: 'https://learn.microsoft.com/entra/id-governance/privileged-identity-management/' }, {})).toEqual({ ok: true, value: undefined });
    expect(calls).toEqual(['open https://learn.microsoft.com/entra/id-governance/privileged-identity-management/']);
  });

  it('searchPage maps hits to DTOs (highlight ranges only when there are any) and passes offset and limit', async () => {
    const { dispatcher, calls } = fakeCore();
    const result = await dispatcher.dispatch('vault:searchPage', { query: 'dc01' }, {});
    expect(result).toEqual({
      ok: true,
      value: {
        total: 7,
        hits: [
          { item: { key: item.key, vault: item.vault, name: item.name, locked: false, favourite: false, tags: { customer: 'Contoso' }, staleness: ['no-expiry'] }, nameMatches: [[0, 3]] },
          { item: expect.objectContaining({ name: 'x-dc01' }) },
        ],
      },
    });
    expect(calls).toContain('search dc01 100 0');
    const page = await dispatcher.dispatch('vault:searchPage', { query: 'dc01', offset: 40, limit: 20 }, {});
    expect(calls).toContain('search dc01 20 40');
    expect(page).toMatchObject({ ok: true, value: { total: 7, hits: [{ item: { name: 'dc01-administrator' } }, { item: { name: 'x-dc01' } }] } });
  });

  it('setFavourite answers the updated item, or vault-not-found when the catalog does not hold it', async () => {
    const { dispatcher } = fakeCore();
    expect(await dispatcher.dispatch('vault:setFavourite', { vault: 'kv-contoso-servers', name: 'dc01-administrator', favourite: true }, {})).toMatchObject({ ok: true, value: { name: 'dc01-administrator', favourite: true } });
    expect(await dispatcher.dispatch('vault:setFavourite', { vault: 'kv-contoso-servers', name: 'dc01-administrator', favourite: false }, {})).toMatchObject({ ok: false, code: 'vault-not-found' });
  });

  it("journal:recent is the signed-in accounts' lines only, newest first, without the chain hashes", async () => {
    const { dispatcher } = fakeCore();
    const result = await dispatcher.dispatch('journal:recent', { limit: 2 }, {});
    // The previous user's request (with its justification) and the account-less line are not shown,
    // and `limit` counts shown lines: both signed-in lines come back although they are 3 lines apart.
    expect(result).toEqual({
      ok: true,
      value: [
        { time: '2025-01-02T00:00:00.000Z', action: 'reveal', outcome: 'ok', account: 'home|other', vault: 'kv', secretName: 'b' },
        { time: '2025-01-01T00:00:00.000Z', action: 'copy', outcome: 'ok', account: `home|${TENANT}`, vault: 'kv', secretName: 'a' },
      ],
    });
    expect(JSON.stringify(result)).not.toContain('Kim');
  });

  it('journal:recent shows nothing while nobody is signed in', async () => {
    const { core, dispatcher } = fakeCore();
    (core.auth as { accounts: () => Promise<unknown[]> }).accounts = async () => [];
    expect(await dispatcher.dispatch('journal:recent', { limit: 50 }, {})).toEqual({ ok: true, value: [] });
  });

  it("pim:pending lists only the signed-in accounts' requests (the store outlives a sign-out)", async () => {
    const { dispatcher } = fakeCore();
    const result = await dispatcher.dispatch('pim:pending', {}, {});
    expect((result as { value: { requestId: string }[] }).value.map((r) => r.requestId)).toEqual(['r-mine']);
  });

  it('pim:eligible covers every signed-in account, or the one asked for (which must be signed in)', async () => {
    const { dispatcher } = fakeCore();
    const all = await dispatcher.dispatch('pim:eligible', {}, {});
    expect((all as { value: { groupId: string }[] }).value.map((g) => g.groupId)).toEqual([`g-home|${TENANT}`, 'g-home|other']);
    const one = await dispatcher.dispatch('pim:eligible', { accountId: 'home|other' }, {});
    expect((one as { value: unknown[] }).value).toHaveLength(1);
    expect(await dispatcher.dispatch('pim:eligible', { accountId: 'someone|else' }, {})).toMatchObject({ ok: false, code: 'not-signed-in' });
  });

  it('app:getState assembles accounts, tenants, vault access with end times and UI settings', async () => {
    const { dispatcher } = fakeCore({ reveal: false });
    const result = await dispatcher.dispatch('app:getState', {}, {});
    expect(result).toMatchObject({
      ok: true,
      value: {
        mode: 'configured',
        keychain: 'available',
        accounts: [{ accountId: `home|${TENANT}`, tenantName: 'Contoso IT', username: 'alex@contoso.example' }, { accountId: 'home|other', username: 'alex@other.example' }],
        tenants: [{ tenantId: TENANT, displayName: 'Contoso IT' }],
        vaults: [{ name: 'kv-contoso-servers', access: 'unlocked', endsAt: 1234 }],
        settings: { revealSeconds: 20, clipboardSeconds: 30, idleLockMinutes: 15, warnBeforeExpiryMinutes: 5, theme: 'system', startAtLogin: false },
        policyEnforced: ['reveal'],
        policyReasons: { reveal: expect.stringContaining('turned off') },
        justificationTemplates: ['Ticket'],
        platform: 'linux',
      },
    });
  });
});
