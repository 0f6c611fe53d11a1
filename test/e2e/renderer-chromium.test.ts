import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { FakeBridge } from '../unit/renderer/fake-bridge.js';
import { CSP_LISTENER, cspViolations, screenshot, seriousAxeViolations } from './helpers/chromium.js';
import { useBuiltRenderer } from './helpers/built-renderer.js';

/**
 * The BUILT renderer (out/renderer, as `npm run build` makes it) in Debian's Chromium, under the app's
 * real CSP, with the contract-typed fake bridge in place of the preload. Checks what jsdom cannot:
 * CSP violations, real layout (200% zoom, no horizontal scrolling), the OS theme, focus visibility,
 * axe-core with colour contrast, and the keyboard path. The full-stack e2e against `npm run preview`
 * and the sandbox builds on the same helpers.
 */

type FakeOptions = { items?: number; accounts?: boolean; keychain?: 'available' | 'unavailable-memory-only' };
type FakeWindow = Window & { __fake: FakeBridge; __fakeOptions?: FakeOptions };

const rig = useBuiltRenderer();

async function openView(query: string, options: { fake?: FakeOptions; viewport?: { width: number; height: number }; colorScheme?: 'light' | 'dark' } = {}): Promise<Page> {
  const context = await rig.browser.newContext({ viewport: options.viewport ?? { width: 560, height: 720 }, colorScheme: options.colorScheme ?? 'light' });
  const page = await context.newPage();
  await page.clock.install();
  await page.addInitScript(CSP_LISTENER);
  await page.addInitScript((fakeOptions) => {
    (window as unknown as FakeWindow).__fakeOptions = fakeOptions;
  }, options.fake ?? {});
  await page.addInitScript(rig.fakeBridgeScript);
  page.on('pageerror', (error) => {
    throw error;
  });
  await page.goto(`${rig.origin}/index.html${query}`);
  return page;
}

const calls = (page: Page, channel: string) => page.evaluate((c) => (window as unknown as FakeWindow).__fake.calls.filter((call) => call.channel === c).map((call) => call.args), channel);
const emit = (page: Page, event: string, payload: unknown) => page.evaluate(([e, p]) => (window as unknown as FakeWindow).__fake.emit(e as never, p as never), [event, payload] as const);

describe('renderer in Chromium (built app, real CSP, fake bridge)', () => {
  it('quick lookup: keyboard-only search, copy countdown, reveal with auto-hide; no CSP violation; axe clean', async () => {
    const page = await openView('?view=popup');
    const search = page.getByRole('combobox', { name: /Search secrets/ });
    await expect.poll(() => search.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('r');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const activeText = () => page.evaluate(() => document.getElementById(document.activeElement!.getAttribute('aria-activedescendant') ?? '')?.textContent ?? '');
    await expect.poll(activeText).toContain('router-root');
    await screenshot(page, 'popup-search');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByText(/Clipboard clears in/).textContent()).toContain('0:30');
    expect(await calls(page, 'vault:copy')).toEqual([{ vault: 'kv-contoso', name: 'router-root' }]);
    await page.clock.fastForward(5_000);
    await expect.poll(() => page.getByText(/Clipboard clears in/).textContent()).toContain('0:25');
    await screenshot(page, 'popup-copied');

    await page.keyboard.press('Shift+Enter');
    const field = page.getByRole('textbox', { name: /router-root/ });
    await expect.poll(() => field.inputValue()).toContain('CANARY-s3cr3t-');
    expect(await field.evaluate((el) => getComputedStyle(el).fontFamily)).toMatch(/mono/i);
    await page.getByRole('button', { name: 'Large type' }).click();
    await screenshot(page, 'popup-reveal-large-type');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.clock.fastForward(10_500);
    await expect.poll(() => page.content()).not.toContain('CANARY-s3cr3t-');
    expect(await cspViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('request access from the popup: form, then the progress line driven by events, copy on Ready', async () => {
    const page = await openView('?view=popup');
    await page.getByRole('combobox', { name: /Search secrets/ }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const panel = page.getByRole('region', { name: /Request access to dc-local-admin/ });
    await panel.waitFor();
    await panel.getByRole('button', { name: 'Request access' }).click();
    await expect.poll(() => panel.getByText('A ticket number is required for this group.').count()).toBe(1);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'popup-request-validation');
    await panel.getByRole('textbox', { name: /Ticket number/ }).fill('INC-42');
    await panel.getByRole('button', { name: 'Request access' }).click();
    await expect.poll(() => calls(page, 'pim:activate')).toHaveLength(1);
    const event = (phase: string) => ({ requestId: 'req-1', accountId: 'acc-ana', groupId: 'grp-fabrikam-admins', phase, at: Date.now() });
    await emit(page, 'pim:activation', event('PendingApproval'));
    await expect.poll(() => panel.locator('[aria-current="step"]').textContent()).toContain('Waiting for approval');
    await screenshot(page, 'popup-request-waiting');
    await emit(page, 'pim:activation', event('Propagating'));
    await expect.poll(() => panel.locator('[aria-current="step"]').textContent()).toContain('Propagating');
    await emit(page, 'pim:activation', event('Ready'));
    await expect.poll(() => calls(page, 'vault:copy')).toEqual([{ vault: 'kv-fabrikam', name: 'dc-local-admin' }]);
    await screenshot(page, 'popup-request-ready');
    expect(await cspViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('scrolls 10,000 items with only a window of rows in the DOM', async () => {
    const page = await openView('?view=popup', { fake: { items: 10_000 } });
    await expect.poll(() => page.getByText(/10,004 secrets/).count()).toBe(1);
    // The most options the DOM ever held while paging (not only at the end): windowing all along.
    await page.evaluate(() => {
      const probe = window as unknown as { maxOptions: number };
      probe.maxOptions = document.querySelectorAll('[role="option"]').length;
      new MutationObserver(() => {
        probe.maxOptions = Math.max(probe.maxOptions, document.querySelectorAll('[role="option"]').length);
      }).observe(document.body, { childList: true, subtree: true });
    });
    for (let i = 0; i < 40; i++) await page.keyboard.press('PageDown');
    // 40 pages of 8 rows: row 321 of 10,004 is the active one (an event wait on the result, no stopwatch).
    const activeRow = () =>
      page.evaluate(() => {
        const row = document.getElementById(document.activeElement!.getAttribute('aria-activedescendant') ?? '');
        return { posinset: row?.getAttribute('aria-posinset'), text: row?.textContent ?? '' };
      });
    await expect.poll(activeRow).toEqual({ posinset: '321', text: expect.stringContaining('bulk-secret-00') });
    expect(await page.evaluate(() => (window as unknown as { maxOptions: number }).maxOptions)).toBeLessThan(40);
    expect(await page.getByRole('option').count()).toBeLessThan(40);
    const listbox = page.getByRole('listbox', { name: 'Secrets' });
    await listbox.evaluate((el) => {
      el.scrollTop = el.scrollHeight / 2;
    });
    await expect.poll(() => page.getByRole('option').first().getAttribute('aria-posinset')).not.toBe('1');
    expect(await page.getByRole('option').count()).toBeLessThan(40);
    await page.context().close();
  });

  it('access window at 200% zoom: no horizontal scrolling, visible focus, axe clean, dark theme from the OS', async () => {
    // 200% zoom of a 1280×800 window = a 640×400 CSS viewport.
    const page = await openView('', { viewport: { width: 640, height: 400 }, colorScheme: 'dark' });
    await page.getByRole('tablist', { name: 'Sections' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(22, 24, 29)');
    await page.keyboard.press('Tab');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).not.toBe('none');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'main-access-dark-200pct');
    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByRole('combobox', { name: 'Theme' }).selectOption('light');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(255, 255, 255)');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'main-settings-light-override');
    expect(await cspViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('popup at 200% zoom still fits and works; lock purges a revealed value', async () => {
    const page = await openView('?view=popup', { viewport: { width: 300, height: 420 } });
    await page.getByRole('combobox', { name: /Search secrets/ }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.content()).toContain('CANARY-s3cr3t-');
    await emit(page, 'session:locked', { vaults: ['kv-contoso'], reason: 'os-lock', at: Date.now() });
    await expect.poll(() => page.getByText('Your computer was locked.').count()).toBe(1);
    expect(await page.content()).not.toContain('CANARY-s3cr3t-');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'popup-locked');
    await page.context().close();
  });

  it('the CSP listener does catch violations (so "zero" above means something)', async () => {
    const page = await openView('?view=popup');
    await page.getByRole('combobox', { name: /Search secrets/ }).waitFor();
    await page.evaluate(() => document.body.setAttribute('style', 'color: red'));
    // Reported once per policy (the meta tag and the response header both apply).
    await expect.poll(async () => (await cspViolations(page)).length).toBeGreaterThan(0);
    for (const violation of await cspViolations(page)) expect(violation).toMatch(/^style-src-attr inline/);
    await page.context().close();
  });

  it('sign-in view with a device code and memory-only mode', async () => {
    const page = await openView('', { fake: { accounts: false, keychain: 'unavailable-memory-only' } });
    await page.getByRole('heading', { name: 'Sign in to JIT Vault' }).waitFor();
    await page.evaluate(() => (window as unknown as FakeWindow).__fake.handle('auth:signIn', () => new Promise(() => undefined)));
    await page.getByRole('button', { name: 'Sign in with a device code' }).click();
    await emit(page, 'auth:deviceCode', { userCode: 'ABCD-1234', verificationUri: 'https://microsoft.com/devicelogin', message: 'Enter the code to sign in.', expiresAt: Date.now() + 900_000 });
    await expect.poll(() => page.getByText('ABCD-1234').count()).toBe(1);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'sign-in-device-code');
    expect(await cspViolations(page)).toEqual([]);
    await page.context().close();
  });
});
