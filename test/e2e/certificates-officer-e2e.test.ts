import { X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutsideCa } from '../sandbox/certificate-fixtures.js';
import { CSP_LISTENER, cspViolations, launchChromium, screenshot, seriousAxeViolations, setPageZoom } from './helpers/chromium.js';
import { startTestPreview, type TestPreview } from './helpers/preview.js';
import { signInWithBrowser } from './helpers/sign-in.js';

/**
 * Issue 14b in Chromium against the preview and the sandbox, at the popup's size (520×460) and at
 * 200% zoom: a Certificates Officer (Sara) creates a self-signed certificate from a template and
 * follows it to "Issued"; creates one for an outside CA, saves its CSR, has it signed, is refused a
 * chain for another key in Key Vault's words and merges the right one; sets the renewal and the
 * vault's contacts; deletes a certificate and recovers it from the deleted list. Journalled in main.
 */
const RENDERER = join(process.cwd(), 'out', 'renderer');
const WEB_VAULT = 'kv-contoso-web';
const POPUP = { width: 520, height: 460 };

let env: TestPreview;
let browser: Browser;
let page: Page;
let saveDir: string;
const ca = new OutsideCa();

/** PEM of DER certificates, leaf first. */
function pemOf(ders: Uint8Array[]): string {
  return ders.map((der) => new X509Certificate(der).toString()).join('');
}

/** axe + CSP, then screenshots at 100% and 200% with `checked` scrolled to the top. */
async function look(name: string, checked: Locator): Promise<void> {
  expect(await seriousAxeViolations(page), name).toEqual([]);
  expect(await cspViolations(page), name).toEqual([]);
  for (const [zoom, suffix] of [[1, ''], [2, '-200']] as const) {
    await setPageZoom(page, zoom, POPUP);
    await checked.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    const box = await checked.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= POPUP.width / zoom + 1, `${name}${suffix}: fits the width`).toBe(true);
    await screenshot(page, `issue14b-${name}${suffix}`);
  }
  await setPageZoom(page, 1, POPUP);
}

/** Opens a certificate's row (its details and actions). */
async function open(name: string): Promise<Locator> {
  const row = page.locator('.cert-row', { has: page.getByRole('button', { name: new RegExp(`^${name}`) }) });
  await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1);
  if ((await row.getByRole('button', { name: new RegExp(`^${name}`) }).getAttribute('aria-expanded')) !== 'true') await row.getByRole('button', { name: new RegExp(`^${name}`) }).click();
  return row;
}

beforeAll(async () => {
  if (!existsSync(join(RENDERER, 'index.html'))) throw new Error('out/renderer is missing: run `npm run build` first (npm run test:e2e does).');
  saveDir = mkdtempSync(join(tmpdir(), 'jit-vault-e2e-officer-'));
  env = await startTestPreview(RENDERER, { saveDir });
  browser = await launchChromium();
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: POPUP, deviceScaleFactor: 2 });
  await context.addInitScript(CSP_LISTENER);
  page = await context.newPage();
  await page.goto(env.urlFor('main'));
  const sara = env.preview.sandbox.info.users.find((u) => u.username.startsWith('sara'))!;
  await signInWithBrowser(page, sara);
  await page.getByRole('tab', { name: 'Certificates' }).click();
});

afterAll(async () => {
  await env?.close();
  await browser?.close();
  if (saveDir) rmSync(saveDir, { recursive: true, force: true });
});

describe('e2e: a Certificates Officer in the Certificates tab', () => {
  it('creates a self-signed PEM certificate from the template and follows it to "Issued"', async () => {
    const tools = page.getByRole('group', { name: `Officer tools for ${WEB_VAULT}` });
    await expect.poll(() => tools.count(), { timeout: 30_000 }).toBe(1);
    await tools.getByRole('button', { name: 'New certificate…' }).click();
    const form = page.getByRole('form', { name: `New certificate in ${WEB_VAULT}` });
    await form.getByLabel('Certificate name').fill('shop-contoso');
    await form.getByLabel('DNS names (SANs)').fill('shop.contoso.example, www.shop.contoso.example');
    await form.getByLabel('Content type').selectOption('application/x-pem-file');
    await look('create-form', form);
    await form.getByRole('button', { name: 'Create certificate' }).click();
    const follower = page.getByRole('region', { name: 'Pending request of shop-contoso' });
    await expect.poll(() => follower.getByRole('status').textContent(), { timeout: 20_000 }).toMatch(/issued by itself \(self-signed\)|^Issued/);
    await look('create-following', follower);
    await env.admin('POST', '/clock/advance', { seconds: 5 }); // the demo seed's issuance takes 3 s
    await expect.poll(() => follower.getByRole('status').textContent(), { timeout: 20_000 }).toBe('Issued: the new version is in the list.');
    await page.getByRole('region', { name: 'New certificate shop-contoso' }).getByRole('button', { name: 'Close' }).click();
    const row = await open('shop-contoso');
    await expect.poll(() => row.textContent(), { timeout: 20_000 }).toMatch(/expires in \d+ days/);
    expect(await row.getByLabel('Details of shop-contoso').textContent()).toContain('shop.contoso.example, www.shop.contoso.example');
    const journal = await env.preview.core.journal.read(50);
    expect(journal.map((e) => [e.action, e.outcome, e.secretName, e.detail])).toContainEqual(['certificate', 'ok', 'shop-contoso', 'create (issuer Self, RSA 2048, 12 months, PEM)']);
  });

  it('an outside CA: saves the CSR, a chain for another key is refused in Key Vault\'s words, the signed one merges', async () => {
    const tools = page.getByRole('group', { name: `Officer tools for ${WEB_VAULT}` });
    await tools.getByRole('button', { name: 'New certificate…' }).click();
    const form = page.getByRole('form', { name: `New certificate in ${WEB_VAULT}` });
    await form.getByLabel('Certificate name').fill('partner-portal');
    await form.getByLabel('Unknown (CSR signed by your CA)').check();
    await form.getByLabel('Subject').fill('CN=partner.contoso.example');
    await form.getByRole('button', { name: 'Create certificate' }).click();
    const follower = page.getByRole('region', { name: 'Pending request of partner-portal' });
    await follower.getByRole('button', { name: 'Save request (.csr)' }).click();
    await expect.poll(() => follower.textContent(), { timeout: 20_000 }).toContain('Request saved as partner-portal.csr.');
    const csrPem = readFileSync(join(saveDir, 'partner-portal.csr'), 'utf8');
    const csr = forge.pki.certificationRequestFromPem(csrPem);
    expect(csr.verify()).toBe(true);

    const other = forge.pki.createCertificationRequest(); // signed by the CA, but for another key
    const otherKeys = forge.pki.rsa.generateKeyPair(1024);
    other.publicKey = otherKeys.publicKey;
    other.setSubject([{ shortName: 'CN', value: 'partner.contoso.example' }]);
    other.sign(otherKeys.privateKey);
    const box = follower.getByLabel(/Signed certificate/);
    await box.fill(pemOf(ca.signCsr(Buffer.from(forge.asn1.toDer(forge.pki.certificationRequestToAsn1(other)).getBytes(), 'binary'))));
    await follower.getByRole('button', { name: 'Merge signed certificate' }).click();
    await expect.poll(() => follower.getByRole('alert').textContent(), { timeout: 20_000 }).toMatch(/Key Vault refused this for certificate "partner-portal"/);
    await look('merge-refused', follower.getByRole('alert'));

    const csrDer = Buffer.from(forge.asn1.toDer(forge.pki.certificationRequestToAsn1(csr)).getBytes(), 'binary');
    await box.fill(pemOf(ca.signCsr(csrDer)));
    await follower.getByRole('button', { name: 'Merge signed certificate' }).click();
    await expect.poll(() => follower.getByRole('status').textContent(), { timeout: 20_000 }).toBe('Issued: the new version is in the list.');
    await page.getByRole('region', { name: 'New certificate partner-portal' }).getByRole('button', { name: 'Close' }).click();
    const row = await open('partner-portal');
    await expect.poll(() => row.getByLabel('Details of partner-portal').textContent(), { timeout: 20_000 }).toContain('Outside Test CA');
  });

  it('sets the renewal and the vault\'s contacts', async () => {
    const row = await open('rdp-gateway');
    await row.getByRole('button', { name: 'Renewal…' }).click();
    const renewal = row.getByRole('form', { name: 'Renewal of rdp-gateway' });
    await renewal.getByLabel('When it nears expiry').selectOption('AutoRenew'); // the seed's policy e-mails the contacts
    await renewal.getByLabel('Days', { exact: true }).fill('21');
    await renewal.getByRole('button', { name: 'Save renewal' }).click();
    await expect.poll(() => row.textContent(), { timeout: 20_000 }).toContain('Key Vault will renew it 21 days before expiry.');
    await expect.poll(() => row.getByLabel('Details of rdp-gateway').textContent(), { timeout: 20_000 }).toContain('Auto-renew, 21 days before expiry');
    await look('renewal', row.getByRole('group', { name: 'Officer actions for rdp-gateway' }));

    const tools = page.getByRole('group', { name: `Officer tools for ${WEB_VAULT}` });
    await tools.getByRole('button', { name: /^Contacts/ }).click();
    await tools.getByLabel(/Certificate contacts of/).fill('pki@contoso.example, PKI team\nsara.admin@contoso-it.example');
    await tools.getByRole('button', { name: 'Save contacts' }).click();
    await expect.poll(() => tools.getByRole('button', { name: /^Contacts/ }).textContent(), { timeout: 20_000 }).toBe('Contacts (2)');
    const sdkContacts = await env.preview.core.certificateOfficer.access(WEB_VAULT);
    expect(sdkContacts).toMatchObject({ officer: true, contacts: [{ email: 'pki@contoso.example', name: 'PKI team' }, { email: 'sara.admin@contoso-it.example' }] });
  });

  it('deletes a certificate (confirmed) and recovers it from the deleted list', async () => {
    const row = await open('legacy-intranet');
    await row.getByRole('button', { name: 'Delete…' }).click();
    await row.getByRole('button', { name: 'Confirm: delete legacy-intranet' }).click();
    await expect.poll(() => page.locator('.cert-row', { has: page.getByRole('button', { name: /^legacy-intranet/ }) }).count(), { timeout: 30_000 }).toBe(0);
    const tools = page.getByRole('group', { name: `Officer tools for ${WEB_VAULT}` });
    await tools.getByRole('button', { name: 'Deleted certificates' }).click();
    const recover = tools.getByRole('button', { name: 'Recover legacy-intranet' });
    await expect.poll(() => recover.count(), { timeout: 20_000 }).toBe(1);
    await look('deleted-list', tools.getByRole('list', { name: `Deleted certificates in ${WEB_VAULT}` }));
    await recover.click();
    await expect.poll(() => tools.textContent(), { timeout: 20_000 }).toContain('Recovered "legacy-intranet"');
    await open('legacy-intranet');
    const details = (await env.preview.core.journal.read(80)).filter((e) => e.action === 'certificate').map((e) => e.detail);
    expect(details).toEqual(expect.arrayContaining(['delete', 'recover', 'contacts: 2 set', 'renewal: AutoRenew 21 days before expiry', 'merge signed certificate']));
  });
});
