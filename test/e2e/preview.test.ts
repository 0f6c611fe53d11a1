import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSP_LISTENER, cspViolations, launchChromium, screenshot, seriousAxeViolations } from './helpers/chromium.js';
import { startTestPreview, type TestPreview } from './helpers/preview.js';
import { signInWithBrowser } from './helpers/sign-in.js';

/**
 * End to end: the built renderer in Debian's Chromium against `npm run preview` (the real core
 * services and IPC handler table, over the web bridge) and the local Azure sandbox. A helpdesk user
 * signs in on the sandbox's page, requests access that needs approval (approved through the admin
 * API), waits for Ready, copies (clipboard read back, then auto-cleared) and reveals (auto-hidden)
 * from the keyboard-only quick lookup, is locked when the activation is ended in Azure, requests
 * access again from the popup with copy-on-Ready, and sees the firewall error view. Every view:
 * axe-core (no serious violations) and zero CSP violations. Screenshots go to test-results/.
 */
const RENDERER = join(process.cwd(), 'out', 'renderer');
const SERVERS_GROUP = '480ca4e5-1d02-4348-9047-4c462899391c';
const SERVERS_VAULT = 'kv-contoso-servers';
const SECRET = 'dc01-administrator';

let env: TestPreview;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let secretValue: string;

async function open(view: 'main' | 'popup'): Promise<void> {
  await page.goto(env.urlFor(view));
  await page.waitForFunction(() => document.querySelector('main') !== null);
}

async function checkView(name: string): Promise<void> {
  expect(await seriousAxeViolations(page), name).toEqual([]);
  expect(await cspViolations(page), name).toEqual([]);
  await screenshot(page, `preview-${name}`);
}

const activeOptionText = () => page.evaluate(() => document.getElementById(document.activeElement?.getAttribute('aria-activedescendant') ?? '')?.textContent ?? '');
const clipboardText = () => page.evaluate(() => navigator.clipboard.readText());

async function approvePending(): Promise<void> {
  const pending = await expect
    .poll(async () => (await env.admin<{ requests: { id: string; groupId: string; status: string }[] }>('GET', `/pim/requests?status=PendingApproval&groupId=${SERVERS_GROUP}`)).requests, { timeout: 30_000 })
    .toHaveLength(1)
    .then(() => env.admin<{ requests: { id: string }[] }>('GET', `/pim/requests?status=PendingApproval&groupId=${SERVERS_GROUP}`));
  await env.admin('POST', `/pim/requests/${pending.requests[0]!.id}/approve`, { justification: 'ok' });
}

beforeAll(async () => {
  if (!existsSync(join(RENDERER, 'index.html'))) throw new Error('out/renderer is missing: run `npm run build` first (npm run test:e2e does).');
  env = await startTestPreview(RENDERER);
  await env.admin('PATCH', '/settings', { propagationDelaySeconds: 1 });
  const servers = env.preview.sandbox.context.store.data.tenants.flatMap((t) => t.vaults).find((v) => v.name === SERVERS_VAULT)!;
  secretValue = servers.secrets[SECRET]!.versions.at(-1)!.value;
  browser = await launchChromium();
  // The sandbox's sign-in pages use the run's private CA, which Chromium does not know.
  context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 720, height: 800 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(env.preview.url).origin });
  await context.addInitScript(CSP_LISTENER);
  page = await context.newPage();
});

afterAll(async () => {
  // Quit the app while its page is still open (as a user would): quitting clears the clipboard through the page.
  await env?.close();
  await browser?.close();
});

describe('e2e: preview + sandbox in Chromium', () => {
  it('signs in on the sandbox sign-in page', async () => {
    await open('main');
    await page.getByRole('heading', { name: 'Sign in to JIT Vault' }).waitFor();
    expect(await page.getByRole('note', { name: 'Demo tenant' }).textContent()).toContain('Demo tenant');
    await checkView('sign-in');
    const helpdesk = env.preview.sandbox.info.users.find((u) => u.username.startsWith('alex.helpdesk'))!;
    await signInWithBrowser(page, helpdesk);
    expect(await page.getByRole('region', { name: 'Accounts' }).textContent()).toContain(helpdesk.username);
  });

  it('sets short timeouts in Settings (clipboard 5 s, reveal 3 s)', async () => {
    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByRole('spinbutton', { name: /Clear the clipboard after/ }).fill('5');
    await page.getByRole('spinbutton', { name: /Hide a revealed value after/ }).fill('3');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Saved.').waitFor();
    await checkView('settings');
    await page.getByRole('tab', { name: 'Access' }).click();
  });

  it('requests access that needs approval; approved through the admin API; follows it to Ready', async () => {
    const groups = page.getByRole('region', { name: 'Groups you can activate' });
    await groups.getByRole('button', { name: 'Request access to PIM-Helpdesk-Servers' }).click();
    const form = page.getByRole('form', { name: 'Request access to PIM-Helpdesk-Servers' });
    expect(await form.getByText('Needs approval').count()).toBe(1);
    await form.getByRole('textbox', { name: /Justification/ }).fill('');
    await form.getByRole('button', { name: 'Request access' }).click();
    await form.getByText('A justification is required for this group.').waitFor();
    await form.getByRole('textbox', { name: /Justification/ }).fill('Password reset for DC01, ticket INC-2042');
    await form.getByRole('button', { name: 'Request access' }).click();
    const pending = page.getByRole('region', { name: 'Pending requests' });
    await expect.poll(() => pending.locator('[aria-current="step"]').textContent().catch(() => ''), { timeout: 30_000 }).toContain('Waiting for approval');
    await checkView('main-pending-approval');
    await approvePending();
    const active = page.getByRole('region', { name: 'Active access' });
    await expect.poll(() => active.textContent(), { timeout: 60_000 }).toContain('PIM-Helpdesk-Servers');
    await expect.poll(() => page.getByRole('region', { name: 'Vaults' }).textContent(), { timeout: 60_000 }).toMatch(/kv-contoso-servers.*Unlocked/);
    await page.getByRole('tab', { name: 'History' }).click();
    const timeline = page.getByRole('list', { name: 'Timeline: PIM-Helpdesk-Servers' });
    await expect.poll(() => timeline.textContent()).toContain('Ready');
    await checkView('main-history');
  });

  it('quick lookup, keyboard only: search, Enter copies (clipboard read back, then cleared), Shift+Enter reveals and auto-hides', async () => {
    await open('popup');
    const search = page.getByRole('combobox', { name: /Search secrets/ });
    await expect.poll(() => search.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('dc01');
    await expect.poll(activeOptionText, { timeout: 15_000 }).toContain(SECRET);
    await page.keyboard.press('Enter');
    await page.getByText(/Clipboard clears in/).waitFor();
    expect(await clipboardText()).toBe(secretValue);
    expect(await page.content()).not.toContain(secretValue);
    await checkView('popup-copied');
    await expect.poll(clipboardText, { timeout: 15_000 }).toBe('');
    await page.keyboard.press('Shift+Enter');
    const field = page.getByRole('textbox', { name: new RegExp(SECRET) });
    await expect.poll(() => field.inputValue().catch(() => '')).toBe(secretValue);
    await checkView('popup-revealed');
    await expect.poll(() => page.content(), { timeout: 10_000 }).not.toContain(secretValue);
  });

  it('locks when the activation is ended in Azure: lock view, then the item shows as locked', async () => {
    await page.keyboard.press('Shift+Enter');
    await expect.poll(() => page.content()).toContain(secretValue);
    const { assignments } = await env.admin<{ assignments: { id: string; groupId: string; active: boolean }[] }>('GET', '/pim/assignments');
    const assignment = assignments.find((a) => a.groupId === SERVERS_GROUP && a.active)!;
    await env.admin('POST', `/pim/assignments/${assignment.id}/expire`);
    await page.getByRole('heading', { name: /Locked/ }).waitFor({ timeout: 90_000 });
    expect(await page.content()).not.toContain(secretValue);
    await checkView('popup-locked');
    await page.keyboard.press('Enter'); // "Continue" has focus
    await page.getByRole('combobox', { name: /Search secrets/ }).focus();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('dc01');
    await expect.poll(activeOptionText, { timeout: 15_000 }).toMatch(new RegExp(`${SECRET}.*Locked`));
  });

  it('requests access again from the popup (keyboard only) and copies when Ready', async () => {
    await page.keyboard.press('Enter');
    const panel = page.getByRole('region', { name: `Request access to ${SECRET}` });
    await panel.waitFor();
    // Focus starts in the form: Tab to the submit button and press it, all from the keyboard.
    await panel.getByRole('textbox', { name: /Justification/ }).focus();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('Second look at DC01 for INC-2042');
    await panel.getByRole('button', { name: 'Request access' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => panel.locator('[aria-current="step"]').textContent().catch(() => ''), { timeout: 30_000 }).toContain('Waiting for approval');
    await checkView('popup-request-waiting');
    await approvePending();
    await expect.poll(clipboardText, { timeout: 60_000 }).toBe(secretValue);
    await expect.poll(() => panel.textContent()).toContain('Ready');
    await checkView('popup-request-ready');
  });

  it('explains a firewall refusal in plain words', async () => {
    await env.admin('PUT', `/vaults/${SERVERS_VAULT}/firewall`, { enabled: true });
    await page.keyboard.press('Escape'); // close the panel
    await page.getByRole('combobox', { name: /Search secrets/ }).focus();
    await expect.poll(activeOptionText, { timeout: 15_000 }).toMatch(new RegExp(`${SECRET}.*Unlocked`));
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('alert').first().textContent().catch(() => ''), { timeout: 15_000 }).toContain("Your network is blocked by this vault's firewall");
    await checkView('popup-firewall-error');
    await env.admin('PUT', `/vaults/${SERVERS_VAULT}/firewall`, { enabled: false });
  });
});
