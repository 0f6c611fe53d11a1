import { createPublicKey, X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyMatches, openPfx } from '../sandbox/certificate-fixtures.js';
import { launchChromium, screenshot } from './helpers/chromium.js';
import { startTestPreview, type TestPreview } from './helpers/preview.js';
import { signInWithBrowser } from './helpers/sign-in.js';

/**
 * Issue 14 acceptance in Chromium against the preview and the sandbox: a helpdesk engineer (Jamie:
 * standing Key Vault Reader on the web vault, eligible for PIM-Certificate-Installers) saves a public
 * .pem without any activation and parses it; "Save PFX" is refused while the vault is locked and,
 * after the activation, saves a PFX that opens with the chosen password only; a Certificates
 * Officer (Sara, second session) renews and sees the new version.
 */
const RENDERER = join(process.cwd(), 'out', 'renderer');
const WEB_VAULT = 'kv-contoso-web';
const INSTALLERS = '6d0f6f52-3c1b-4f0e-9a3e-2b7d1c9e4a51';
const PASSWORD = 'Pfx-Install-Pw-4417';
const VIEWPORT = { width: 900, height: 700 };

let helpdesk: TestPreview;
let officer: TestPreview;
let browser: Browser;
let saveDir: string;
let officerDir: string;

async function signIn(env: TestPreview, userPrefix: string): Promise<Page> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: VIEWPORT });
  // The preview's clipboard is the page's (main/preview/page-clipboard.ts): "copy PEM private key" writes there.
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(env.preview.url).origin });
  const page = await context.newPage();
  await page.goto(env.urlFor('main'));
  const user = env.preview.sandbox.info.users.find((u) => u.username.startsWith(userPrefix))!;
  await signInWithBrowser(page, user);
  await page.getByRole('tab', { name: 'Certificates' }).click();
  return page;
}

/** Opens a certificate's row (its details and actions). */
async function open(page: Page, name: string) {
  const row = page.locator('.cert-row', { has: page.getByRole('button', { name: new RegExp(`^${name}`) }) });
  await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1);
  await row.getByRole('button', { name: new RegExp(`^${name}`) }).click();
  return row;
}

beforeAll(async () => {
  if (!existsSync(join(RENDERER, 'index.html'))) throw new Error('out/renderer is missing: run `npm run build` first (npm run test:e2e does).');
  saveDir = mkdtempSync(join(tmpdir(), 'jit-vault-e2e-saves-'));
  officerDir = mkdtempSync(join(tmpdir(), 'jit-vault-e2e-officer-'));
  helpdesk = await startTestPreview(RENDERER, { saveDir });
  await helpdesk.admin('PATCH', '/settings', { propagationDelaySeconds: 1 });
  officer = await startTestPreview(RENDERER, { sandbox: helpdesk.preview.sandbox, saveDir: officerDir });
  browser = await launchChromium();
});

afterAll(async () => {
  await officer?.close();
  await helpdesk?.close();
  await browser?.close();
  for (const dir of [saveDir, officerDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('e2e: certificates', () => {
  let page: Page;

  it('lists the web vault\'s certificates soonest expiry first; saves a public .pem without activation, which parses', async () => {
    page = await signIn(helpdesk, 'jamie');
    const row = await open(page, 'wildcard-contoso-web');
    await expect.poll(() => row.textContent()).toMatch(/expires in 1[12] days/);
    const details = page.getByLabel('Details of wildcard-contoso-web');
    await expect.poll(() => details.textContent()).toMatch(/\*\.contoso\.example, contoso\.example/);
    const thumbprint = (await details.locator('dd.mono').textContent())!.trim();
    await row.getByRole('button', { name: 'Save .pem' }).click();
    await expect.poll(() => row.getByRole('status').textContent()).toBe('Saved as wildcard-contoso-web.pem.');
    const pem = readFileSync(join(saveDir, 'wildcard-contoso-web.pem'), 'utf8');
    const cert = new X509Certificate(pem);
    expect(cert.subjectAltName).toContain('DNS:*.contoso.example');
    expect(cert.fingerprint.replace(/:/g, '')).toBe(thumbprint);
    await screenshot(page, 'issue14-certificates-details');
  });

  it('refuses the PFX while the vault is locked; after the activation saves one that opens with the password only', async () => {
    const row = await open(page, 'rdp-gateway');
    await row.getByRole('button', { name: 'Save PFX…' }).click();
    await row.getByLabel('PFX password').fill(PASSWORD);
    await row.getByLabel('Repeat the password').fill(PASSWORD);
    await row.getByRole('button', { name: 'Save PFX', exact: true }).click();
    await expect.poll(() => row.locator('.error-message').getAttribute('data-code')).toBe('vault-locked');
    expect(existsSync(join(saveDir, 'rdp-gateway.pfx'))).toBe(false);

    // The installers' activation (ticket required by the group's policy), followed to Ready by the app.
    const core = helpdesk.preview.core;
    const [account] = await core.auth.accounts();
    await core.pim.activate({ accountId: account!.accountId, groupId: INSTALLERS, justification: 'Install the RD gateway certificate, CHG-3301', durationMinutes: 60, ticketNumber: 'CHG-3301' });
    await expect.poll(() => core.session.isUnlocked(WEB_VAULT), { timeout: 60_000 }).toBe(true);

    await row.getByRole('button', { name: 'Save PFX', exact: true }).click();
    await expect.poll(() => row.getByRole('status').textContent(), { timeout: 20_000 }).toBe('PFX saved as rdp-gateway.pfx, protected by your password.');
    const base64 = readFileSync(join(saveDir, 'rdp-gateway.pfx')).toString('base64');
    const { key, certs } = openPfx(base64, PASSWORD);
    expect(keyMatches(key, certs[0]!)).toBe(true);
    expect(certs[0]!.subject.getField('CN').value).toBe('rdgw.contoso.example');
    expect(() => openPfx(base64, 'not-the-password')).toThrow();
    expect(await page.locator('input[type=password]').count()).toBe(0); // the form closed and forgot the password
    const journal = (await core.journal.read(20)).filter((e) => e.action === 'export');
    expect(journal.map((e) => [e.outcome, e.secretName])).toContainEqual(['ok', 'rdp-gateway']);
    expect(JSON.stringify(journal)).not.toContain(PASSWORD);
  });

  it('a Certificate User (after the activation) sees no officer button; copies the PEM private key of a PEM certificate through the clipboard policy', async () => {
    const row = await open(page, 'api-contoso-autorenew');
    const details = page.getByLabel('Details of api-contoso-autorenew');
    await expect.poll(() => details.textContent(), { timeout: 20_000 }).toContain('need the Key Vault Certificates Officer role');
    for (const label of ['Renew now', 'Delete…', 'Renewal…']) expect(await row.getByRole('button', { name: label }).count()).toBe(0);
    expect(await page.getByRole('group', { name: /^Officer tools/ }).count()).toBe(0);
    await row.getByRole('button', { name: 'Copy PEM private key' }).click();
    await expect.poll(() => row.getByRole('status').textContent(), { timeout: 20_000 }).toMatch(/^Private key copied \(PEM\)\. The clipboard is cleared in \d+ s\.$/);
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toMatch(/^-----BEGIN (RSA )?PRIVATE KEY-----\n[\s\S]+-----END (RSA )?PRIVATE KEY-----\n$/);
    const client = helpdesk.preview.core.certificates.clients.clientFor(helpdesk.preview.core.certificates.vault(WEB_VAULT));
    const cert = new X509Certificate((await client.getCertificate('api-contoso-autorenew')).cer!);
    expect(createPublicKey(copied).export({ type: 'spki', format: 'der' }).equals(cert.publicKey.export({ type: 'spki', format: 'der' }))).toBe(true);
    expect(await page.content()).not.toContain(copied.split('\n')[1]!); // never in the page
    const journal = (await helpdesk.preview.core.journal.read(20)).filter((e) => e.action === 'copy');
    expect(journal.map((e) => [e.outcome, e.secretName, e.detail])).toContainEqual(['ok', 'api-contoso-autorenew', 'PEM private key']);
    await page.evaluate(() => navigator.clipboard.writeText('')); // leave no key behind in this test browser
  });

  it('an Officer renews and sees the new version', async () => {
    const officerPage = await signIn(officer, 'sara');
    const row = await open(officerPage, 'legacy-intranet');
    await row.getByRole('button', { name: 'Show versions' }).click();
    await expect.poll(() => row.getByRole('list', { name: 'Versions, newest first' }).locator('li').count()).toBe(1);
    await row.getByRole('button', { name: 'Renew now' }).click();
    const follower = row.getByRole('region', { name: 'Pending request of legacy-intranet' });
    await expect.poll(() => follower.getByRole('status').textContent(), { timeout: 20_000 }).toMatch(/Key Vault is having the certificate issued|^Issued/);
    await officer.admin('POST', '/clock/advance', { seconds: 5 }); // the demo seed's issuer takes 3 s
    await expect.poll(() => follower.getByRole('status').textContent(), { timeout: 20_000 }).toBe('Issued: the new version is in the list.');
    await officer.preview.core.certificates.refresh([WEB_VAULT]);
    const reopened = await open(officerPage, 'legacy-intranet');
    if (!(await reopened.getByRole('button', { name: 'Show versions' }).isVisible().catch(() => false))) await reopened.getByRole('button', { name: /^legacy-intranet/ }).click();
    await reopened.getByRole('button', { name: 'Show versions' }).click();
    await expect.poll(() => reopened.getByRole('list', { name: 'Versions, newest first' }).locator('li').count(), { timeout: 20_000 }).toBe(2);
    // The current version is the new one: its badge counts days left, no longer "expired".
    // The listing taken right after the clock advance may still hold the pending operation (the
    // sandbox completes it on the next read); a later listing shows the issued version.
    await expect
      .poll(
        async () => {
          await officer.preview.core.certificates.refresh([WEB_VAULT]);
          return reopened.locator('.cert-summary').textContent();
        },
        { timeout: 20_000 },
      )
      .toMatch(/expires in \d+ days/);
    await screenshot(officerPage, 'issue14-officer-renewed');
  });
});
