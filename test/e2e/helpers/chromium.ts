import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium (playwright-core downloads no browser); CHROMIUM_PATH overrides. */
export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => Boolean(p));
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`No Chromium found (tried ${candidates.join(', ')}); set CHROMIUM_PATH`);
  return found;
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-gpu'] });
}

/** Records CSP violations in the page (read back with `cspViolations`). Added as an init script. */
export const CSP_LISTENER = `
  window.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sourceFile || '') + ':' + e.lineNumber);
  });
`;

export async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
}

let axeSource: string | undefined;

/**
 * Runs axe-core in the page (evaluated over the DevTools protocol, so the page's CSP is untouched)
 * and returns the serious and critical violations as readable lines.
 */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  axeSource ??= await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!loaded) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.targets.join(', ')}`);
}

/** Screenshots go to test-results/screenshots (git-ignored); the README picks the best ones. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = join(process.cwd(), 'test-results', 'screenshots');
  await mkdir(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`) });
}

/**
 * Shows the page as Electron's zoom does (`webContents.setZoomFactor` is Chromium page zoom): the
 * CSS viewport becomes 1/factor of the window, so the narrow layouts' media queries apply. Open the
 * page's context with `deviceScaleFactor: 2` so the 200% screenshot keeps the window's pixel size.
 * (CSS `zoom` on the root, used before, scaled the page without narrowing the viewport.)
 */
export async function setPageZoom(page: Page, factor: 1 | 2, window: { width: number; height: number }): Promise<void> {
  await page.setViewportSize({ width: Math.round(window.width / factor), height: Math.round(window.height / factor) });
}
