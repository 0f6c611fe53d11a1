import { afterEach, describe, expect, it } from 'vitest';
import { AppError, VaultLockedError } from '../../../../../main/services/errors.js';
import { READINESS_PROBE_SECRET } from '../../../../../main/services/vault/vault-clients.js';
import { kvErrorBodies } from './fake-key-vault.transport.js';
import { deferred, rejectionOf, setup, TENANT_B } from './vault-service.setup.js';

let env: ReturnType<typeof setup>;
afterEach(async () => {
  env?.service.dispose();
  await env?.session.dispose();
});

const VALUE = 'Canary-Value-7f3a9c';
const getsOf = (fake: { seen: { method: string; path: string; authorized: boolean }[] }) => fake.seen.filter((r) => r.method === 'GET' && r.path.startsWith('/secrets/srv-dc01-root/') && r.authorized).length;

describe('VaultService values: copy and reveal', () => {
  it('copy puts the value on the clipboard and returns only when it will be cleared', async () => {
    env = setup();
    env.fakes.pim.add({ name: 'srv-dc01-root', value: VALUE });
    env.unlock('kv-pim');
    const result = await env.service.copy({ vault: 'kv-pim', name: 'srv-dc01-root' });
    expect(result).toEqual({ clearsAt: env.clock.now() + 30_000 });
    expect(JSON.stringify(result)).not.toContain(VALUE);
    expect(env.clipboard.current()).toBe(VALUE);
    expect(env.clipboard.writes).toEqual([{ concealed: true }]);
    expect(env.journal.entries).toEqual([{ action: 'copy', outcome: 'ok', account: 'home-a', tenantId: env.vaults[1]!.tenantId, vault: 'kv-pim', secretName: 'srv-dc01-root' }]);
    expect(JSON.stringify(env.journal.entries)).not.toContain(VALUE);
  });

  it('reveal returns the value with its hide time, journals it, and never caches it', async () => {
    env = setup();
    env.fakes.pim.add({ name: 'srv-dc01-root', value: VALUE });
    env.unlock('kv-pim');
    const first = await env.service.reveal({ vault: 'kv-pim', name: 'srv-dc01-root' });
    expect(first).toEqual({ value: VALUE, hideAt: env.clock.now() + 20_000 });
    await env.service.reveal({ vault: 'kv-pim', name: 'srv-dc01-root' });
    expect(getsOf(env.fakes.pim)).toBe(2); // fetched again: nothing was kept
    expect(env.journal.entries.map((e) => `${e.action}:${e.outcome}:${e.secretName}`)).toEqual(['reveal:ok:srv-dc01-root', 'reveal:ok:srv-dc01-root']);
    expect(JSON.stringify(env.service.items())).not.toContain(VALUE);
  });

  it('refuses a locked vault before any network call — standing vaults too until the session unlocks them', async () => {
    env = setup();
    env.fakes.pim.add({ name: 'srv-dc01-root', value: VALUE });
    await expect(env.service.copy({ vault: 'kv-pim', name: 'srv-dc01-root' })).rejects.toBeInstanceOf(VaultLockedError);
    await expect(env.service.reveal({ vault: 'kv-standing', name: 'x' })).rejects.toMatchObject({ code: 'vault-locked' });
    expect(env.fakes.pim.seen).toHaveLength(0);
    expect(env.clipboard.writes).toHaveLength(0);
  });

  it('asks the activation live-check before the value read: a revoked activation gets no GET, no clipboard write', async () => {
    const asked: string[] = [];
    env = setup({
      liveness: {
        assertLive: async (vault) => {
          asked.push(vault);
          if (vault === 'kv-pim') throw new VaultLockedError(vault, { detail: 'the PIM activation that granted it was removed or ended early' });
        },
      },
    });
    env.fakes.pim.add({ name: 'srv-dc01-root', value: VALUE });
    env.unlock('kv-pim');
    await expect(env.service.copy({ vault: 'kv-pim', name: 'srv-dc01-root' })).rejects.toMatchObject({ code: 'vault-locked' });
    await expect(env.service.reveal({ vault: 'kv-pim', name: 'srv-dc01-root' })).rejects.toMatchObject({ code: 'vault-locked' });
    expect(asked).toEqual(['kv-pim', 'kv-pim']);
    expect(getsOf(env.fakes.pim)).toBe(0);
    expect(env.clipboard.writes).toHaveLength(0);
    expect(env.journal.entries.map((e) => `${e.action}:${e.outcome}:${e.detail}`)).toEqual(['copy:cancelled:vault-locked', 'reveal:cancelled:vault-locked']);
  });

  it('a lock while the value is in flight cancels it: nothing reaches the clipboard', async () => {
    env = setup();
    env.fakes.pim.add({ name: 'srv-dc01-root', value: VALUE });
    env.unlock('kv-pim');
    const hold = deferred();
    let held!: () => void;
    const reached = new Promise<void>((resolve) => (held = resolve));
    env.fakes.pim.gate = async (r) => {
      if (r.authorized && r.path.startsWith('/secrets/srv-dc01-root')) {
        held();
        await hold.promise;
      }
    };
    const copying = env.service.copy({ vault: 'kv-pim', name: 'srv-dc01-root' });
    await reached;
    await env.session.lock(['kv-pim'], 'expired');
    hold.release();
    await expect(copying).rejects.toMatchObject({ code: 'vault-locked' });
    expect(env.clipboard.current()).toBe('');
    expect(env.journal.entries.at(-1)).toMatchObject({ action: 'copy', outcome: 'cancelled', detail: 'vault-locked' });
  });

  it('a lock while the copy is being journalled wins: the clipboard is never written (checked inside the clipboard task)', async () => {
    env = setup();
    env.fakes.pim.add({ name: 'srv-dc01-root', value: VALUE });
    env.unlock('kv-pim');
    const append = env.journal.append.bind(env.journal);
    env.journal.append = async (entry) => {
      if (entry.outcome === 'ok') await env.session.lock(['kv-pim'], 'manual'); // the user locks in that instant
      return append(entry);
    };
    await expect(env.service.copy({ vault: 'kv-pim', name: 'srv-dc01-root' })).rejects.toMatchObject({ code: 'vault-locked' });
    expect(env.clipboard.current()).toBe('');
    expect(env.clipboard.writes.filter((w) => w.concealed)).toEqual([]);
    expect(env.journal.entries.at(-1)).toMatchObject({ action: 'copy', outcome: 'cancelled', detail: 'locked before the clipboard write' });
  });

  it('a lock while the reveal is being journalled wins: the value does not leave main', async () => {
    env = setup();
    env.fakes.pim.add({ name: 'srv-dc01-root', value: VALUE });
    env.unlock('kv-pim');
    const append = env.journal.append.bind(env.journal);
    env.journal.append = async (entry) => {
      if (entry.outcome === 'ok') await env.session.lock(['kv-pim'], 'idle');
      return append(entry);
    };
    const error = await rejectionOf(env.service.reveal({ vault: 'kv-pim', name: 'srv-dc01-root' }));
    expect(error.code).toBe('vault-locked');
    expect(JSON.stringify(error)).not.toContain(VALUE);
  });

  it('journals a denied fetch with the error code and throws the classified error', async () => {
    env = setup();
    env.fakes.pim.add({ name: 'srv-dc01-root', value: VALUE });
    env.fakes.pim.failures.push({ status: 403, body: kvErrorBodies.rbac });
    env.unlock('kv-pim');
    const error = await rejectionOf(env.service.reveal({ vault: 'kv-pim', name: 'srv-dc01-root' }));
    expect(error.code).toBe('vault-forbidden-rbac');
    expect(error.message).toMatch(/not yet effective/); // unlocked moments ago
    expect(env.journal.entries.at(-1)).toMatchObject({ action: 'reveal', outcome: 'denied', detail: 'vault-forbidden-rbac' });
  });

  it('does not reveal a value it cannot journal', async () => {
    env = setup();
    env.fakes.pim.add({ name: 'srv-dc01-root', value: VALUE });
    env.unlock('kv-pim');
    env.journal.fail = new Error('ENOSPC');
    const error = await rejectionOf(env.service.reveal({ vault: 'kv-pim', name: 'srv-dc01-root' }));
    expect(error).toBeInstanceOf(AppError);
    expect(error.message).toMatch(/audit journal could not be written/);
    expect(JSON.stringify(error)).not.toContain(VALUE);
    await expect(env.service.copy({ vault: 'kv-pim', name: 'srv-dc01-root' })).rejects.toBeInstanceOf(AppError);
    expect(env.clipboard.current()).toBe('');
  });

  it('uses the account of the challenge tenant (a guest account for a customer vault)', async () => {
    env = setup();
    env.fakes.other.add({ name: 'srv-dc01-root', value: VALUE });
    env.unlock('kv-other', 'unknown-account'); // grant account not signed in any more: fall back to the tenant's account
    await env.service.reveal({ vault: 'kv-other', name: 'srv-dc01-root' });
    expect(env.tokens.requests.map((r) => r.accountId)).toEqual(['home-b']);
    expect(env.journal.entries[0]).toMatchObject({ account: 'home-b', tenantId: TENANT_B });
  });

  it('rejects an unknown vault and a signed-out tenant with plain messages', async () => {
    env = setup({ accounts: { accounts: async () => [] } });
    await expect(env.service.copy({ vault: 'kv-nope', name: 'x' })).rejects.toMatchObject({ code: 'vault-not-found' });
    env.unlock('kv-pim');
    await expect(env.service.copy({ vault: 'kv-pim', name: 'x' })).rejects.toMatchObject({ code: 'not-signed-in' });
  });

  it('drops the cached SDK client on lock: the next unlock asks the TokenProvider again', async () => {
    env = setup();
    env.fakes.pim.add({ name: 'srv-dc01-root', value: VALUE });
    env.unlock('kv-pim');
    await env.service.reveal({ vault: 'kv-pim', name: 'srv-dc01-root' });
    await env.service.reveal({ vault: 'kv-pim', name: 'srv-dc01-root' });
    const before = env.tokens.requests.length;
    await env.session.lock(['kv-pim'], 'expired');
    expect(env.tokens.drops).toEqual([{ accountId: 'home-a', resource: 'vault' }]);
    env.unlock('kv-pim');
    await env.service.reveal({ vault: 'kv-pim', name: 'srv-dc01-root' });
    expect(env.tokens.requests.length).toBeGreaterThan(before);
  });
});

describe('VaultService versions and probe', () => {
  it('lists versions lazily, newest first, metadata only', async () => {
    env = setup();
    env.fakes.standing.add({ name: 'srv-dc01-root', value: VALUE, created: 1_700_000_300, versions: [{ version: 'v1', value: 'old', created: 1_700_000_100 }, { version: 'v2', value: 'older', created: 1_700_000_200 }] });
    const versions = await env.service.listVersions('kv-standing', 'srv-dc01-root');
    expect(versions.map((v) => v.version)).toEqual(['current', 'v2', 'v1']);
    expect(versions[0]).toMatchObject({ createdOn: 1_700_000_300_000, enabled: true });
    expect(JSON.stringify(versions)).not.toContain(VALUE);
    await expect(env.service.listVersions('kv-pim', 'x')).rejects.toMatchObject({ code: 'vault-locked' });
  });

  it('probe asks for the (absent) probe secret with a force-refreshed token — 404 proves a value right, listing would not', async () => {
    env = setup();
    env.fakes.pim.seed(3);
    expect(await env.service.probe('kv-pim', 'home-a')).toBe('ok');
    expect(env.tokens.requests).toEqual([{ accountId: 'home-a', resource: 'vault', forceRefresh: true }]);
    expect(env.fakes.pim.seen.filter((r) => r.authorized).map((r) => r.path)).toEqual([`/secrets/${READINESS_PROBE_SECRET}/`]);
  });

  it('probe returns (not throws) the classified error: RBAC 403 reads "not yet effective"', async () => {
    env = setup();
    env.fakes.pim.failures.push({ status: 403, body: kvErrorBodies.rbac, times: 1 });
    const result = await env.service.probe('kv-pim', 'home-a');
    expect(result).toBeInstanceOf(AppError);
    expect(result).toMatchObject({ code: 'vault-forbidden-rbac' });
    expect((result as AppError).message).toMatch(/^Access granted but not yet effective/);
    env.fakes.pim.failures.push({ networkCode: 'ECONNREFUSED' });
    expect(await env.service.probe('kv-pim', 'home-a')).toMatchObject({ code: 'network' });
  });
});
