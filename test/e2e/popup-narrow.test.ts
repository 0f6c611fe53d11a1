import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { FakeBridge } from '../unit/renderer/fake-bridge.js';
import { screenshot } from './helpers/chromium.js';
import { useBuiltRenderer } from './helpers/built-renderer.js';

/**
 * The popup's search row when narrow: at 200% zoom (the 520×460 popup at zoom factor 2 is a
 * 260×230 CSS-px viewport at device scale 2) the "N to approve" button used to take half the row.
 * Built renderer in Chromium, the contract-typed fake bridge in place of the preload.
 */
const POPUP = { width: 520, height: 460 };

type FakeWindow = Window & { __fake: FakeBridge };

const rig = useBuiltRenderer();

async function popupAt(zoom: 1 | 2): Promise<Page> {
  const context = await rig.browser.newContext({ viewport: { width: POPUP.width / zoom, height: POPUP.height / zoom }, deviceScaleFactor: zoom });
  const page = await context.newPage();
  await page.addInitScript(rig.fakeBridgeScript);
  await page.goto(`${rig.origin}/index.html?view=popup`);
  await page.getByRole('combobox').waitFor();
  await page.evaluate(() => (window as unknown as FakeWindow).__fake.emit('approvals:inbox', { count: 3 }));
  return page;
}

/** Widths (CSS px) of the search row, its input and the approvals button. */
function widths(page: Page): Promise<{ row: number; input: number; button: number }> {
  return page.evaluate(() => ({
    row: document.querySelector('.search-row')!.getBoundingClientRect().width,
    input: document.querySelector('.search-input')!.getBoundingClientRect().width,
    button: document.querySelector('.approvals-shortcut')!.getBoundingClientRect().width,
  }));
}

describe('e2e: the popup search row at 520×460 and 200%', () => {
  it('shows "3 to approve" in words at 520×460', async () => {
    const page = await popupAt(1);
    const button = page.getByRole('button', { name: '3 to approve: open the approvals panel' });
    await button.waitFor();
    expect((await button.textContent())?.replace(/\s+/g, ' ').trim()).toBe('3 to approve');
    expect(await page.locator('.approvals-words').isVisible()).toBe(true);
    await screenshot(page, 'issue14-popup-approvals-520x460');
    await page.context().close();
  });

  it('at 200% the button is an icon and the count, the search box keeps the row, the accessible name is whole', async () => {
    const page = await popupAt(2);
    const button = page.getByRole('button', { name: '3 to approve: open the approvals panel' });
    await button.waitFor();
    // The words are hidden (the name keeps them); the count shows beside the icon.
    expect(await page.locator('.approvals-words').isVisible()).toBe(false);
    expect((await page.locator('.approvals-count').innerText()).trim()).toBe('3');
    const { row, input, button: width } = await widths(page);
    expect(width).toBeLessThan(row * 0.25);
    expect(input).toBeGreaterThan(row * 0.65);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await screenshot(page, 'issue14-popup-approvals-200pct');
    await page.context().close();
  });
});
