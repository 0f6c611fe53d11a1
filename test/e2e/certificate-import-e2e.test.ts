import { X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutsideCa } from '../sandbox/certificate-fixtures.js';
import { CSP_LISTENER, cspViolations, launchChromium, screenshot, seriousAxeViolations, setPageZoom } from './helpers/chromium.js';
import { startTestPreview, type TestPreview } from './helpers/preview.js';
import { signInWithBrowser } from './helpers/sign-in.js';

/**
 * Import from the app, in Chromium against the preview and the sandbox (issue 14): a Certificates
 * Officer (Sara) imports a password-protected PFX from the preview's import folder (the preview has
 * no file dialog) — first with a wrong password, which Key Vault refuses in words while the file stays
 * chosen, then with the right one — and sees the new certificate listed. Looked at at the popup's
 * size (520×460) and at 200% zoom.
 */
const RENDERER = join(process.cwd(), 'out', 'renderer');
const POPUP = { width: 520, height: 460 };
const PASSWORD = 'Imp0rt-e2e-pw';

let env: TestPreview;
let browser: Browser;
let page: Page;
let importDir: string;
const ca = new OutsideCa();

beforeAll(async () => {
  if (!existsSync(join(RENDERER, 'index.html'))) throw new Error('out/renderer is missing: run `npm run build` first (npm run test:e2e does).');
  importDir = mkdtempSync(join(tmpdir(), 'jit-vault-e2e-imports-'));
  env = await startTestPreview(RENDERER, { importDir });
  browser = await launchChromium();
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: POPUP, deviceScaleFactor: 2 });
  await context.addInitScript(CSP_LISTENER);
  page = await context.newPage();
});

afterAll(async () => {
  await env?.close();
  await browser?.close();
  if (importDir) rmSync(importDir, { recursive: true, force: true });
});

describe('e2e: import a certificate', () => {
  it('an Officer imports a PFX: a wrong password is refused in words and kept, the right one imports it and the list shows it', async () => {
    await page.goto(env.urlFor('main'));
    await signInWithBrowser(page, env.preview.sandbox.info.users.find((u) => u.username.startsWith('sara'))!);
    await page.getByRole('tab', { name: 'Certificates' }).click();
    writeFileSync(join(importDir, 'shop.contoso.pfx'), ca.pfx('shop.contoso.example', PASSWORD));

    await page.getByRole('button', { name: 'Import certificate…' }).click();
    const form = page.getByRole('form', { name: 'Import a certificate' });
    await form.getByRole('button', { name: 'Choose file…' }).click();
    await expect.poll(() => form.textContent()).toMatch(/shop\.contoso\.pfx · \d+ kB · PFX \(PKCS#12\)/);
    expect(await form.getByLabel('Certificate name').inputValue()).toBe('shop-contoso');
    await form.getByLabel('Vault').selectOption('kv-contoso-web');
    await form.getByLabel('PFX password (empty if it has none)').fill('not-the-password');
    await form.getByRole('button', { name: 'Import' }).click();
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent(), { timeout: 30_000 }).toMatch(/The password does not open "shop\.contoso\.pfx".*The specified network password is not correct\./);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'certificate-import-wrong-password-520x460');
    await setPageZoom(page, 2, POPUP);
    await form.getByRole('button', { name: 'Import' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'certificate-import-wrong-password-520x460-200pct');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1)).toBe(true);
    await setPageZoom(page, 1, POPUP);

    await form.getByLabel('PFX password (empty if it has none)').fill(PASSWORD);
    await form.getByRole('button', { name: 'Import' }).click();
    await expect.poll(() => page.getByText(/^Imported shop\.contoso\.pfx as "shop-contoso" in kv-contoso-web: CN=shop\.contoso\.example, expires /).count(), { timeout: 30_000 }).toBe(1);
    const row = page.locator('.cert-row', { has: page.getByRole('button', { name: /^shop-contoso/ }) });
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1);
    await row.getByRole('button', { name: /^shop-contoso/ }).click();
    await expect.poll(() => page.getByLabel('Details of shop-contoso').textContent()).toContain('CN=shop.contoso.example');
    // What Key Vault now holds is the certificate from the file.
    const stored = env.preview.sandbox.context.store.vault('kv-contoso-web')!.certificates!['shop-contoso']!.versions.at(-1)!;
    expect(new X509Certificate(Buffer.from(stored.cer!, 'base64')).subject).toBe('CN=shop.contoso.example');
    expect(await cspViolations(page)).toEqual([]);
    await screenshot(page, 'certificate-import-done-520x460');
  });
});
