import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import forge from 'node-forge';
import { LISTING_RETRY_FIRST_MS } from '../../main/services/certificates/certificate-listing-retry.js';
import { OPERATION_POLL_MS } from '../../main/services/certificates/certificate-operation-watch.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { waitUntil } from '../helpers/wait-until.js';
import { OutsideCa, WEB_VAULT } from '../sandbox/certificate-fixtures.js';
import { USERS } from '../sandbox/keyvault-fixtures.js';
import { wireCertificateService } from './certificate-support.js';
import { vaultSettings } from './vault-support.js';

/** PEM of DER certificates (leaf first). */
function pemOf(ders: Uint8Array[]): string {
  return ders.map((der) => forge.pki.certificateToPem(forge.pki.certificateFromAsn1(forge.asn1.fromDer(Buffer.from(der).toString('binary'))))).join('');
}

/**
 * The certificate catalog keeps itself current without a manual refresh, through the REAL SDK
 * against the sandbox: a renewal started in the app is followed until Key Vault has issued the new
 * version and the summary changes then; a merge shows at once; a listing cut by the network is tried
 * again with backoff. The service's timers run on a ManualClock: nothing waits for real time except
 * the sandbox's HTTP answers.
 */
describe('CertificateService keeps summaries current', () => {
  let sandbox: TestSandbox;
  let env: Awaited<ReturnType<typeof wireCertificateService>>;
  const clock = new ManualClock(Date.now());
  const ca = new OutsideCa();

  beforeAll(async () => {
    sandbox = await startTestSandbox({ settings: { certificateIssueDelaySeconds: 3 } });
    env = await wireCertificateService(sandbox, vaultSettings(sandbox, [{ name: WEB_VAULT }, { name: 'kv-fabrikam-ops' }]), { clock });
    await env.tokens.signIn(USERS.officer); // Sara: Key Vault Certificates Officer on the web vault; Fabrikam's tenant not signed in
    await env.service.refresh();
  });
  afterEach(async () => {
    await sandbox.admin('DELETE', '/faults');
  });
  afterAll(async () => {
    await env?.close();
    await sandbox?.close();
  });

  it('a renewal started in the app: the summary shows the new version once Key Vault issued it, with no listing asked for', async () => {
    const ref = { vault: WEB_VAULT, name: 'legacy-intranet' };
    const old = env.service.item(WEB_VAULT, ref.name)!;
    expect(old.expiresOn!).toBeLessThan(clock.now()); // the seeded expired certificate
    expect((await env.officer.renew(ref)).status).toBe('inProgress');
    // Key Vault's current version is now the one being issued: the summary says so at once.
    expect(env.service.item(WEB_VAULT, ref.name)).toMatchObject({ pending: true });
    // Still issuing: the first read of the follower finds it running and waits longer.
    expect(clock.nextTimerAt()).toBe(clock.now() + OPERATION_POLL_MS[0]!);
    await clock.advance(OPERATION_POLL_MS[0]!);
    await waitUntil('the follower to read the operation and wait again', () => clock.nextTimerAt() === clock.now() + OPERATION_POLL_MS[1]!);
    expect(env.service.item(WEB_VAULT, ref.name)).toMatchObject({ pending: true });

    expect((await sandbox.admin('POST', '/clock/advance', { seconds: 4 })).status).toBe(200); // the issuer takes its 3 s
    let changes = 0;
    const off = env.service.on('changed', (e) => e.vault === WEB_VAULT && changes++);
    await clock.advance(OPERATION_POLL_MS[1]!);
    await waitUntil('the summary of the renewed certificate', () => changes > 0 && env.service.item(WEB_VAULT, ref.name)!.thumbprint !== undefined);
    off();
    const renewed = env.service.item(WEB_VAULT, ref.name)!;
    expect(renewed.pending).toBeUndefined();
    expect(renewed.thumbprint).toMatch(/^[0-9A-F]{40}$/);
    const [newest] = await env.service.versions(WEB_VAULT, ref.name);
    expect(renewed.version).toBe(newest!.version);
    expect(renewed.thumbprint).not.toBe(old.thumbprint);
    expect(renewed.expiresOn!).toBeGreaterThan(Date.now() + 30 * 86_400_000);
  });

  it('a merged CSR is no longer pending as soon as the merge answered (no listing asked for)', async () => {
    const ref = { vault: WEB_VAULT, name: 'vpn-portal-csr' };
    expect(env.service.item(WEB_VAULT, ref.name)!.pending).toBe(true);
    const op = await env.officer.operation(ref);
    const csrDer = Buffer.from(op.csrPem!.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
    expect(await env.officer.merge(ref, pemOf(ca.signCsr(csrDer)))).toMatchObject({ status: 'completed' });
    const merged = env.service.item(WEB_VAULT, ref.name)!;
    expect(merged.pending).toBeUndefined();
    expect(merged.issuer).toMatch(/Outside Test CA/);
  });

  it('a listing cut by the network is tried again with growing waits until it succeeds; a refusal is not retried', async () => {
    // Two connection resets on the listing route: the first try and the first retry fail.
    await sandbox.admin('POST', '/faults', { service: 'vault', vault: WEB_VAULT, path: '^/certificates$', kind: 'reset', count: 2 });
    await env.service.refresh([WEB_VAULT]);
    const failed = env.service.catalog().vaults.find((v) => v.vault === WEB_VAULT)!;
    expect(failed).toMatchObject({ listing: 'failed', error: { code: 'network' }, retryAt: clock.now() + LISTING_RETRY_FIRST_MS });

    await clock.advance(LISTING_RETRY_FIRST_MS - 1);
    await env.service.settled();
    expect(env.service.catalog().vaults.find((v) => v.vault === WEB_VAULT)!.retryAt).toBe(failed.retryAt); // not yet
    await clock.advance(1);
    await waitUntil('the first retry to fail', async () => {
      await env.service.settled();
      return env.service.catalog().vaults.find((v) => v.vault === WEB_VAULT)!.retryAt !== failed.retryAt;
    });
    const again = env.service.catalog().vaults.find((v) => v.vault === WEB_VAULT)!;
    expect(again).toMatchObject({ listing: 'failed', retryAt: clock.now() + 2 * LISTING_RETRY_FIRST_MS }); // the wait doubled

    await clock.advance(2 * LISTING_RETRY_FIRST_MS);
    const listed = await waitUntil('the second retry to list the vault', async () => {
      await env.service.settled();
      const vault = env.service.catalog().vaults.find((v) => v.vault === WEB_VAULT)!;
      return vault.listing === 'listed' ? vault : undefined;
    });
    expect(listed.error).toBeUndefined();
    expect(listed.retryAt).toBeUndefined();
    expect(listed.count).toBe(5);

    // Nobody signed in to Fabrikam's tenant: waiting does not help, so no retry is scheduled.
    expect(env.service.catalog().vaults.find((v) => v.vault === 'kv-fabrikam-ops')).toMatchObject({ listing: 'failed', error: { code: 'not-signed-in' } });
    expect(env.service.catalog().vaults.find((v) => v.vault === 'kv-fabrikam-ops')!.retryAt).toBeUndefined();
  });
});
