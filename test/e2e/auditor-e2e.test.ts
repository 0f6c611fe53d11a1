import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot } from './helpers/chromium.js';
import { startTestPreview, type TestPreview } from './helpers/preview.js';
import { signInWithBrowser } from './helpers/sign-in.js';

/**
 * Issue 13 acceptance, the auditor (standing Key Vault Reader only, no eligible group), in Chromium
 * at the popup's real size 520×460 through the browser preview: the catalog is browsable, no value
 * is obtainable (not by the keyboard, not by calling the bridge), and there is no dead end — Esc,
 * "Open the access window" and the preview's "Open quick lookup" always lead somewhere useful.
 */
const RENDERER = join(process.cwd(), 'out', 'renderer');
const POPUP = { width: 520, height: 460 };
const SENTINEL = 'clipboard-before-the-auditor';

let env: TestPreview;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let values: string[];

const activeOptionText = () => page.evaluate(() => document.getElementById(document.activeElement?.getAttribute('aria-activedescendant') ?? '')?.textContent ?? '');
const clipboardText = () => page.evaluate(() => navigator.clipboard.readText());
const search = () => page.getByRole('combobox', { name: /Search secrets/ });

beforeAll(async () => {
  if (!existsSync(join(RENDERER, 'index.html'))) throw new Error('out/renderer is missing: run `npm run build` first (npm run test:e2e does).');
  env = await startTestPreview(RENDERER);
  values = env.preview.sandbox.context.store.data.tenants.flatMap((t) => t.vaults).flatMap((v) => Object.values(v.secrets).flatMap((s) => s.versions.map((version) => version.value)))
    .filter((value) => value.length >= 6); // a seeded empty value would match any page
  browser = await launchChromium();
  context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: POPUP });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(env.preview.url).origin });
  page = await context.newPage();
});

afterAll(async () => {
  await env?.close();
  await browser?.close();
});

describe('e2e at 520×460: the auditor (Key Vault Reader only)', () => {
  it('signs in and reaches the quick lookup from the preview page itself (no URL to type)', async () => {
    await page.goto(env.urlFor('main'));
    const auditor = env.preview.sandbox.info.users.find((u) => u.username.startsWith('pat.auditor'))!;
    await signInWithBrowser(page, auditor);

    await page.getByRole('navigation', { name: 'Browser preview' }).getByRole('button', { name: 'Open quick lookup' }).click();
    await search().waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('combobox');
  });

  it('browses the catalog: every listed vault is searchable, items read-only with their tags, no request button', async () => {
    await expect.poll(() => page.locator('.result-count').textContent(), { timeout: 30_000 }).toMatch(/^1\d secrets$/);
    await search().fill('dc01');
    await expect.poll(activeOptionText, { timeout: 20_000 }).toMatch(/dc01-administrator.*Locked/);
    const details = page.getByRole('region', { name: 'Details of dc01-administrator' });
    await expect.poll(() => details.textContent()).toMatch(/Username\s*CONTOSO\\Administrator/);
    expect(await page.getByText('Read-only: you can browse this item, not request its value.').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: /Request access/ }).count()).toBe(0);
    await screenshot(page, 'issue13-auditor-popup');
  });

  it('obtains no value: Enter and Shift+Enter leave the clipboard alone; the bridge refuses copy and reveal', async () => {
    await page.evaluate((text) => navigator.clipboard.writeText(text), SENTINEL);
    await search().focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.press('Control+Enter');
    expect(await clipboardText()).toBe(SENTINEL);
    expect(await page.locator('.reveal-panel').count()).toBe(0);
    const answers = await page.evaluate(async () => {
      const bridge = (window as unknown as { jitVault: { vault: Record<string, (args: object) => Promise<{ ok: boolean; code?: string }>> } }).jitVault;
      const ref = { vault: 'kv-contoso-servers', name: 'dc01-administrator' };
      return [await bridge.vault.copy!(ref), await bridge.vault.reveal!(ref)].map((r) => (r.ok ? 'ok' : r.code));
    });
    expect(answers.every((code) => code !== 'ok')).toBe(true);
    expect(await clipboardText()).toBe(SENTINEL);
    const text = await page.content();
    for (const value of values) expect(text).not.toContain(value);
  });

  it('no dead end: Esc closes the quick lookup; from there the access window and back', async () => {
    await search().fill('');
    await page.keyboard.press('Escape');
    const closed = page.getByRole('main', { name: 'Quick lookup closed' });
    await closed.waitFor();
    expect(await search().isVisible()).toBe(false);
    await screenshot(page, 'issue13-preview-closed');
    await closed.getByRole('button', { name: 'Open the access window' }).click();
    await page.getByRole('tablist', { name: 'Sections' }).waitFor();
    await page.getByRole('tab', { name: 'History' }).click();
    // The auditor's own sign-in is there; nobody else's activity.
    await expect.poll(() => page.getByRole('table').textContent(), { timeout: 10_000 }).toContain('sign-in');
    await page.keyboard.press('Control+Shift+K');
    await search().waitFor();
    expect(await search().isVisible()).toBe(true);
  });
});
