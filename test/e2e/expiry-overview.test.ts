import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppNotification } from '../../main/services/ports/notifier.js';
import { CSP_LISTENER, cspViolations, launchChromium, screenshot, seriousAxeViolations, setPageZoom } from './helpers/chromium.js';
import { startTestPreview, type TestPreview } from './helpers/preview.js';
import { signInWithBrowser } from './helpers/sign-in.js';

/**
 * Issue 14 acceptance, expiry overview, in Chromium against the preview and the sandbox's demo seed:
 * a helpdesk user (standing Key Vault Reader) opens the Expiry tab and sees the seeded certificates
 * of kv-contoso-web in the right order with the right badges (expired 20 days ago, 12 days, 35 days
 * with auto-renew; the RDP gateway's current version is 335 days out, so it is not there), secrets
 * with `exp` beside them, grouped by customer; a marker opens the item's details; the tray got one
 * grouped notification. Checked at the popup's size (520×460) and at 200% zoom.
 */
const RENDERER = join(process.cwd(), 'out', 'renderer');
const POPUP = { width: 520, height: 460 };

let env: TestPreview;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const notifications: AppNotification[] = [];

beforeAll(async () => {
  if (!existsSync(join(RENDERER, 'index.html'))) throw new Error('out/renderer is missing: run `npm run build` first (npm run test:e2e does).');
  env = await startTestPreview(RENDERER, { notify: (n) => void notifications.push(n) });
  browser = await launchChromium();
  context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: POPUP, deviceScaleFactor: 2 });
  await context.addInitScript(CSP_LISTENER);
  page = await context.newPage();
});

afterAll(async () => {
  await env?.close();
  await browser?.close();
});

const overview = () => page.getByRole('region', { name: 'Expiring in the next 90 days' });
const rowsOf = (list: string | RegExp) => overview().getByRole('list', { name: list }).getByRole('button');

describe('e2e: expiry overview with the seeded certificates', () => {
  it('shows the certificates soonest first with their badges, secrets beside them, grouped by customer', async () => {
    await page.goto(env.urlFor('main'));
    const helpdesk = env.preview.sandbox.info.users.find((u) => u.username.startsWith('alex.helpdesk'))!;
    await signInWithBrowser(page, helpdesk);

    await page.getByRole('tab', { name: 'Expiry' }).click();
    const web = rowsOf(/^Expiring in .*web/i);
    await expect.poll(() => web.allInnerTexts(), { timeout: 30_000 }).toHaveLength(3);
    const rows = (await web.allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
    expect(rows[0]).toMatch(/^legacy-intranet certificate expired 20 days ago Expired$/);
    expect(rows[1]).toMatch(/^wildcard-contoso-web certificate in 12 days Within 30 days$/);
    expect(rows[2]).toMatch(/^api-contoso-autorenew certificate in 35 days Within 90 days Auto-renews$/);
    // Secrets with an expiry date the user can list are in the same overview.
    expect(await overview().getByText('secret', { exact: true }).count()).toBeGreaterThan(0);
    const customers = await overview().getByRole('heading', { level: 3 }).allInnerTexts();
    expect(customers.length).toBeGreaterThan(0);
    expect(customers.some((c) => /Contoso/.test(c))).toBe(true);
  });

  it('a marker on the timeline opens the details of its item', async () => {
    await overview()
      .getByRole('group', { name: /Timeline/ })
      .getByRole('button', { name: /^wildcard-contoso-web \(certificate, .*\) in 12 days$/ })
      .click();
    const details = page.getByLabel('Details of wildcard-contoso-web');
    await details.waitFor();
    expect(await details.innerText()).toMatch(/Auto-renew\s+Off: someone must renew it/);
    expect(await page.evaluate(() => document.activeElement?.textContent ?? '')).toMatch(/^wildcard-contoso-web/);
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(await cspViolations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    await screenshot(page, 'expiry-overview-520x460');
    await setPageZoom(page, 2, POPUP);
    await details.scrollIntoViewIfNeeded();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1)).toBe(true);
    await screenshot(page, 'expiry-overview-520x460-200pct');
    await overview().getByRole('group', { name: /Timeline/ }).scrollIntoViewIfNeeded();
    await screenshot(page, 'expiry-overview-520x460-200pct-timeline');
    await setPageZoom(page, 1, POPUP);
  });

  it('the tray got one grouped notification naming the soonest items, which opens the overview', async () => {
    // Checks run a second after each listing settles and hourly; one more now sees everything listed.
    await env.preview.core.expiry.check();
    const notices = notifications.filter((n) => n.kind === 'item-expiry');
    expect(notices.length).toBeGreaterThan(0);
    for (const notice of notices) expect(notice).toMatchObject({ tab: 'expiry', action: { id: 'open', label: 'Show expiry overview' } });
    // A check that ran before the certificates were listed notified the secrets alone (each crossing
    // once); the certificates came in a later grouped notice — whichever check saw them first.
    expect(notices.some((notice) => /legacy-intranet|wildcard-contoso-web/.test(`${notice.title} ${notice.body}`))).toBe(true);
    // Each crossing is notified once: another check adds nothing.
    const before = notifications.length;
    await env.preview.core.expiry.check();
    expect(notifications.length).toBe(before);
  });
});
