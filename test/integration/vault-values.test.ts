import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { USERS } from '../sandbox/keyvault-fixtures.js';
import { rejectionOf, vaultSettings, wireVaultService } from './vault-support.js';

const VAULT = 'kv-contoso-servers';
/** The current version's value of dc01-administrator in the demo seed. */
const DC01_VALUE = 'Copper-Lantern-83#';
const ESXI_VALUE = 'Tundra-Basalt-55$';

/**
 * Values on demand through the REAL SDK: copy hands the value to ClipboardPolicy and returns only
 * the clear time; reveal returns it once; the audit journal (real AuditJournal on disk) records
 * names only. Sara's standing access is unlocked in the session as the composition root does.
 */
describe('VaultService copy and reveal against the sandbox Key Vault', () => {
  let sandbox: TestSandbox;
  let env: Awaited<ReturnType<typeof wireVaultService>>;
  /** The officer's account id: what every audit entry names (main/services/ports/audit-log.ts), never the UPN. */
  let officer: string;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    env = await wireVaultService(sandbox, vaultSettings(sandbox, [{ name: VAULT }]));
    const accountId = await env.tokens.signIn(USERS.officer);
    officer = accountId;
    env.session.unlock({ vault: VAULT, accountId, endsAt: null });
  });
  afterAll(async () => {
    await env?.close();
    await sandbox?.close();
  });

  it('copy never returns the value: it goes to the clipboard, concealed, and the result says when it is cleared', async () => {
    const before = env.clock.now();
    const result = await env.service.copy({ vault: VAULT, name: 'dc01-administrator' });
    expect(Object.keys(result)).toEqual(['clearsAt']);
    expect(result.clearsAt).toBeGreaterThanOrEqual(before + 30_000);
    expect(JSON.stringify(result)).not.toContain(DC01_VALUE);
    expect(env.clipboard.current()).toBe(DC01_VALUE);
    expect(env.clipboard.writes.at(-1)).toEqual({ concealed: true });
  });

  it('reveal returns the value once with its hide time, fetching it anew each time', async () => {
    const requests = async () => (await sandbox.admin<{ entries: { vault?: string; path: string; status: number }[] }>('GET', '/requests')).body.entries.filter((e) => e.path.startsWith('/secrets/esxi-root') && e.status === 200).length;
    const before = await requests();
    const first = await env.service.reveal({ vault: VAULT, name: 'esxi-root' });
    expect(first.value).toBe(ESXI_VALUE);
    expect(first.hideAt - env.clock.now()).toBeGreaterThan(19_000);
    expect(first.hideAt - env.clock.now()).toBeLessThanOrEqual(20_000);
    await env.service.reveal({ vault: VAULT, name: 'esxi-root' });
    expect((await requests()) - before).toBe(2);
  });

  it('journals copy and reveal with names only; the journal verifies and holds no value', async () => {
    const records = await env.journal.read();
    expect(records.map((r) => [r.action, r.outcome, r.vault, r.secretName, r.account])).toEqual([
      ['copy', 'ok', VAULT, 'dc01-administrator', officer],
      ['reveal', 'ok', VAULT, 'esxi-root', officer],
      ['reveal', 'ok', VAULT, 'esxi-root', officer],
    ]);
    expect(await env.journal.verify()).toMatchObject({ ok: true });
    const text = env.journalText();
    for (const value of [DC01_VALUE, ESXI_VALUE]) expect(text).not.toContain(value);
  });

  it('a disabled secret and a missing one give their own plain errors (and are journalled as failed)', async () => {
    const disabled = await rejectionOf(env.service.reveal({ vault: VAULT, name: 'old-fileserver-admin' }));
    expect(disabled).toMatchObject({ code: 'vault-secret-disabled' });
    expect(disabled.message).toMatch(/"old-fileserver-admin" in vault "kv-contoso-servers" is disabled/);
    const missing = await rejectionOf(env.service.copy({ vault: VAULT, name: 'no-such-secret' }));
    expect(missing).toMatchObject({ code: 'vault-not-found' });
    const last = (await env.journal.read()).slice(-2).map((r) => [r.action, r.outcome, r.detail]);
    expect(last).toEqual([
      ['reveal', 'failed', 'vault-secret-disabled'],
      ['copy', 'failed', 'vault-not-found'],
    ]);
  });

  it('versions are listed on demand, newest first, without values', async () => {
    const versions = await env.service.listVersions(VAULT, 'dc01-administrator');
    expect(versions).toHaveLength(2);
    expect(versions[0]!.createdOn!).toBeGreaterThan(versions[1]!.createdOn!);
    expect(JSON.stringify(versions)).not.toContain(DC01_VALUE);
  });

  it('after the session locks, copy is refused before any request and the clipboard is cleared', async () => {
    await env.session.lock('all', 'os-lock');
    expect(env.clipboard.current()).toBe('');
    await expect(env.service.copy({ vault: VAULT, name: 'dc01-administrator' })).rejects.toMatchObject({ code: 'vault-locked' });
  });
});
