import { describe, expect, it } from 'vitest';
import { parseAccountId } from '../../../../../main/services/auth/account-id.js';
import { journalEntrySchema } from '../../../../../main/services/journal/journal-entry.js';
import { MemoryPendingRequestStore } from '../../../../../main/services/pim/pending-requests.store.js';
import { PimService } from '../../../../../main/services/pim/pim.service.js';
import type { AuditEntry } from '../../../../../main/services/ports/audit-log.js';
import { AccessSession } from '../../../../../main/services/session/access-session.js';
import { RecordingAuditLog } from '../../../../helpers/fakes/audit-log.fake.js';
import { ManualClock } from '../../../../helpers/manual-clock.js';
import { FakePimGraph } from '../pim/fake-pim-graph.js';
import { hour, sessionFixture } from '../session/session-fixture.js';
import { setup as vaultSetup } from '../vault/vault-service.setup.js';

// One AuditLog port, one schema, one account format (main/services/ports/audit-log.ts): whatever
// service writes an entry, it parses strictly against the journal's schema, and `account` is the
// account id `{homeAccountId}|{tenantId}` of the account that acted — never a UPN.
const ACCOUNT = 'home-oid.home-tid|11111111-1111-4111-8111-111111111111';

/** Every entry parses strictly and names `account`, the id of the account that acted. */
function expectOneFormat(entries: readonly AuditEntry[], account: string): void {
  expect(entries.length).toBeGreaterThan(0);
  for (const entry of entries) {
    expect(journalEntrySchema.strict().safeParse(entry).success).toBe(true);
    expect(entry.account).toBe(account);
  }
}

it('the account id used here has the documented shape', () => {
  expect(parseAccountId(ACCOUNT)).toEqual({ homeAccountId: 'home-oid.home-tid', tenantId: '11111111-1111-4111-8111-111111111111' });
});

describe('audit entries of every service', () => {
  it('PIM: activate, approve-wait and ready', async () => {
    const clock = new ManualClock();
    const graph = new FakePimGraph(() => clock.now());
    const session = new AccessSession({ clock, warnBeforeExpiryMs: 5 * 60_000, idleLockMs: 0 });
    const journal = new RecordingAuditLog();
    const service = new PimService({
      clock,
      tokens: { getAccessToken: async () => ({ token: 't', expiresOnTimestamp: 0 }) },
      graphFor: () => graph,
      tenantOf: () => 'tenant-1',
      vaults: [{ name: 'kv-servers', url: 'https://kv-servers.vault.azure.net', tenantId: '00000000-0000-0000-0000-000000000001', pimGroupId: 'group-1', permissionModel: 'rbac' }],
      prober: { probe: async () => 'ok' },
      session,
      pending: new MemoryPendingRequestStore(),
      journal,
    });
    graph.script = ['PendingApproval', 'Granted', 'Provisioned'];
    await service.activate({ accountId: ACCOUNT, groupId: 'group-1', justification: 'INC-42 reset', durationMinutes: 60 });
    graph.activate(60);
    await clock.advance(60_000);
    expect(journal.entries.map((e) => e.action)).toEqual(expect.arrayContaining(['activate', 'approve-wait', 'ready']));
    expectOneFormat(journal.entries, ACCOUNT);
    service.dispose();
    await session.dispose();
  });

  it('session: lock', async () => {
    const f = sessionFixture();
    f.session.unlock(f.grant('kv-a', hour, ACCOUNT));
    await f.session.lock('all', 'manual');
    expectOneFormat(f.journal.entries, ACCOUNT);
    await f.session.dispose();
  });

  it('vault: copy and reveal carry the account id of the account that read, and its tenant', async () => {
    const env = vaultSetup();
    env.fakes.pim.add({ name: 'srv-dc01-root', value: 'v' });
    env.unlock('kv-pim');
    await env.service.copy({ vault: 'kv-pim', name: 'srv-dc01-root' });
    await env.service.reveal({ vault: 'kv-pim', name: 'srv-dc01-root' });
    const reader = env.accounts.find((a) => a.tenantId === env.vaults[1]!.tenantId)!;
    // The vault fixture's account ids are short opaque strings ('home-a'): the entry must carry that id, not the UPN.
    expectOneFormat(env.journal.entries, reader.accountId);
    expect(JSON.stringify(env.journal.entries)).not.toContain(reader.username);
    expect(env.journal.entries.every((e) => e.tenantId === reader.tenantId)).toBe(true);
    env.service.dispose();
    await env.session.dispose();
  });
});
