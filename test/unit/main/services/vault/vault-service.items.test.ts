import { afterEach, describe, expect, it } from 'vitest';
import { nextEvent, setup } from './vault-service.setup.js';

let env: ReturnType<typeof setup>;
afterEach(async () => {
  env?.service.dispose();
  await env?.session.dispose();
});

/** RFC 6238 appendix B: the SHA-1 seed "12345678901234567890" (base32), 8 digits. */
const RFC_TOTP = 'otpauth://totp/Vendor:ops?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Vendor&algorithm=SHA1&digits=8&period=30';

async function listedPim(): Promise<void> {
  const listed = nextEvent(env.service, (e) => e.type === 'listed' && e.vault === 'kv-pim');
  await env.service.refresh(['kv-pim']);
  await listed;
}

describe('VaultService item actions: username, links, TOTP', () => {
  it('items carry the fields read from their tags, locked or not', async () => {
    env = setup();
    env.fakes.pim.add({ name: 'srv-dc01-root', value: 'v', tags: { username: 'CONTOSO\\Administrator', host: 'dc01', kind: 'domain-admin', notes: 'Break-glass' } });
    await listedPim();
    expect(env.service.items().find((i) => i.name === 'srv-dc01-root')).toMatchObject({
      locked: true,
      fields: { username: 'CONTOSO\\Administrator', host: 'dc01', notes: 'Break-glass', connect: 'rdp' },
    });
  });

  it('copies the username while the vault is locked (metadata), through the clipboard policy', async () => {
    env = setup();
    env.fakes.pim.add({ name: 'srv-dc01-root', value: 'Canary-Value', tags: { username: 'CONTOSO\\Administrator' } });
    env.fakes.pim.add({ name: 'no-user', value: 'v' });
    await listedPim();
    const gets = env.fakes.pim.seen.filter((r) => r.path.startsWith('/secrets/srv-dc01-root')).length;
    expect(await env.service.copyUsername({ vault: 'kv-pim', name: 'srv-dc01-root' })).toEqual({ clearsAt: env.clock.now() + 30_000 });
    expect(env.clipboard.current()).toBe('CONTOSO\\Administrator');
    expect(env.fakes.pim.seen.filter((r) => r.path.startsWith('/secrets/srv-dc01-root')).length).toBe(gets); // no value fetched
    await expect(env.service.copyUsername({ vault: 'kv-pim', name: 'no-user' })).rejects.toMatchObject({ code: 'item-unsupported', message: /no username tag/ });
  });

  it('builds Open URL / Connect links from tags, never with a password', async () => {
    env = setup();
    env.fakes.pim.add({ name: 'esxi-root', value: 'Canary-Value', tags: { username: 'root', host: 'esxi-01.mgmt', url: 'https://esxi-01.mgmt/ui/' } });
    await listedPim();
    const ref = { vault: 'kv-pim', name: 'esxi-root' };
    expect(env.service.itemLink(ref, 'url')).toBe('https://esxi-01.mgmt/ui/');
    expect(env.service.itemLink(ref, 'connect')).toBe('ssh://root@esxi-01.mgmt');
    expect(env.service.itemLink(ref, 'connect')).not.toContain('Canary');
    expect(() => env.service.itemLink({ vault: 'kv-pim', name: 'nope' }, 'url')).toThrow(/not in the catalog/);
  });

  it('TOTP: the RFC 6238 code and its expiry from an otpauth:// value; copy copies the code, never the seed URI', async () => {
    env = setup();
    env.fakes.pim.add({ name: 'vendor-mfa', value: RFC_TOTP, contentType: 'application/x-otpauth' });
    await env.clock.advanceTo(2_000_000_000_000); // RFC 6238 test time 2000000000 → 69279037 (SHA-1)
    env.unlock('kv-pim');
    await nextEvent(env.service, (e) => e.type === 'listed' && e.vault === 'kv-pim');
    const ref = { vault: 'kv-pim', name: 'vendor-mfa' };
    expect(await env.service.totp(ref)).toEqual({ code: '69279037', validUntil: 2_000_000_010_000, periodSeconds: 30 });
    await env.service.copy(ref);
    expect(env.clipboard.current()).toBe('69279037');
    expect(env.journal.entries.map((e) => `${e.action}:${e.detail ?? ''}`)).toEqual(['reveal:TOTP code', 'copy:']);
    expect(JSON.stringify(env.journal.entries)).not.toContain('GEZDGNBV');
  });

  it('TOTP on a value that is not an otpauth URI: a clear error that does not echo the value', async () => {
    env = setup();
    env.fakes.pim.add({ name: 'broken-mfa', value: 'Canary-Not-A-Uri', contentType: 'application/x-otpauth' });
    env.unlock('kv-pim');
    await nextEvent(env.service, (e) => e.type === 'listed' && e.vault === 'kv-pim');
    const error = await env.service.totp({ vault: 'kv-pim', name: 'broken-mfa' }).catch((e: Error) => e);
    expect(error).toMatchObject({ code: 'item-unsupported', message: expect.stringMatching(/not an otpauth:\/\/ URI/) });
    expect((error as Error).message).not.toContain('Canary');
  });

  it('TOTP and copy of a locked vault are refused before any request', async () => {
    env = setup();
    env.fakes.pim.add({ name: 'vendor-mfa', value: RFC_TOTP, contentType: 'application/x-otpauth' });
    await listedPim();
    await expect(env.service.totp({ vault: 'kv-pim', name: 'vendor-mfa' })).rejects.toMatchObject({ code: 'vault-locked' });
    expect(env.fakes.pim.seen.filter((r) => r.path.startsWith('/secrets/vendor-mfa'))).toHaveLength(0);
  });
});
