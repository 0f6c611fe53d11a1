import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSP_LISTENER, cspViolations, launchChromium, screenshot, seriousAxeViolations } from './helpers/chromium.js';
import { startTestPreview, type TestPreview } from './helpers/preview.js';

/**
 * The team side of just-in-time access end to end: three preview sessions (the real core and IPC
 * handlers over the web bridge) on ONE sandbox tenant, each in its own Chromium context at the
 * popup's real size (520×460): Alex requests, Morgan approves or denies from the Approvals panel,
 * Riley (a second helpdesk engineer) sees who holds the group before requesting. Deny, lapse and the
 * refusals (decided, expired, not an approver) are covered through the real Graph client in
 * test/integration/approvals.test.ts.
 */
const RENDERER = join(process.cwd(), 'out', 'renderer');
const SERVERS_GROUP = '480ca4e5-1d02-4348-9047-4c462899391c';

interface Person {
  env: TestPreview;
  context: BrowserContext;
  page: Page;
}

let browser: Browser;
let alex: Person;
let morgan: Person;
let riley: Person;

async function person(env: TestPreview, username: string): Promise<Person> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 520, height: 460 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(env.preview.url).origin });
  await context.addInitScript(CSP_LISTENER);
  const page = await context.newPage();
  await page.goto(env.urlFor('main'));
  await page.getByRole('heading', { name: 'Sign in to JIT Vault' }).waitFor();
  const user = env.preview.sandbox.info.users.find((u) => u.username === username)!;
  const [signInPage] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: 'Sign in with the browser' }).click()]);
  await signInPage.locator('#login').fill(user.username);
  await signInPage.locator('#passwd').fill(user.password);
  await signInPage.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('tablist', { name: 'Sections' }).waitFor({ timeout: 30_000 });
  await signInPage.close().catch(() => undefined);
  return { env, context, page };
}

/** axe + CSP, then screenshots at 100% and at 200% zoom (the access window at the popup's size). */
async function look(p: Page, name: string): Promise<void> {
  expect(await seriousAxeViolations(p), name).toEqual([]);
  expect(await cspViolations(p), name).toEqual([]);
  await screenshot(p, `approvals-${name}`);
  await p.evaluate(() => void (document.documentElement.style.zoom = '2'));
  await screenshot(p, `approvals-${name}-200`);
  await p.evaluate(() => void (document.documentElement.style.zoom = ''));
}

const approvals = (p: Page) => p.getByRole('region', { name: /Requests to approve/ });
const pendingRegion = (p: Page) => p.getByRole('region', { name: 'Pending requests' });

async function requestServers(p: Page, justification: string, ticket: string): Promise<void> {
  const groups = p.getByRole('region', { name: 'Groups you can activate' });
  await groups.getByRole('button', { name: 'Request access to PIM-Helpdesk-Servers' }).click();
  const form = p.getByRole('form', { name: 'Request access to PIM-Helpdesk-Servers' });
  await form.getByRole('textbox', { name: /Justification/ }).fill(justification);
  await form.getByRole('textbox', { name: /Ticket number/ }).fill(ticket);
  await form.getByRole('button', { name: 'Request access' }).click();
  await expect.poll(() => pendingRegion(p).locator('[aria-current="step"]').textContent().catch(() => ''), { timeout: 30_000 }).toContain('Waiting for approval');
}

/** The approver's row for a request, after asking for the list again (the poll runs once a minute). */
async function itemFor(p: Page, justification: string) {
  const item = approvals(p).getByRole('listitem').filter({ hasText: justification });
  await expect
    .poll(async () => {
      await approvals(p).getByRole('button', { name: 'Refresh' }).click();
      return item.count();
    }, { timeout: 30_000 })
    .toBe(1);
  return item;
}

beforeAll(async () => {
  if (!existsSync(join(RENDERER, 'index.html'))) throw new Error('out/renderer is missing: run `npm run build` first (npm run test:e2e does).');
  const first = await startTestPreview(RENDERER);
  await first.admin('PATCH', '/settings', { propagationDelaySeconds: 1 });
  const sandbox = first.preview.sandbox;
  const [second, third] = await Promise.all([startTestPreview(RENDERER, { sandbox }), startTestPreview(RENDERER, { sandbox })]);
  browser = await launchChromium();
  alex = await person(first, 'alex.helpdesk@contoso-it.example');
  morgan = await person(second, 'morgan.lead@contoso-it.example');
  riley = await person(third, 'riley.helpdesk@contoso-it.example');
});

afterAll(async () => {
  // The sessions sharing the first one's sandbox go first; the first closes the sandbox.
  for (const p of [riley, morgan, alex]) await p?.env.close().catch(() => undefined);
  await browser?.close();
});

describe('e2e: approvals between two preview sessions (requester + approver) and team awareness', () => {
  it('the approver sees the request with justification and ticket; the requester sees who can approve; approved with a justification, the requester reaches Ready', async () => {
    await expect.poll(() => approvals(morgan.page).textContent()).toContain('Nothing waits for your approval');
    await requestServers(alex.page, 'Reset DC01 admin password', 'INC-3001');
    const wait = pendingRegion(alex.page).locator('.approver-names');
    await expect.poll(() => wait.textContent().catch(() => ''), { timeout: 15_000 }).toBe('Sara Lindqvist (Security), PIM-Approvers-Servers (group)');
    await look(alex.page, 'requester-waiting');

    const item = await itemFor(morgan.page, 'Reset DC01 admin password');
    expect(await item.textContent()).toMatch(/Alex Moreno → PIM-Helpdesk-Servers.*INC-3001/);
    await look(morgan.page, 'approver-inbox');
    await item.getByRole('textbox', { name: /Your justification/ }).fill('INC-3001 checked with the customer');
    await item.getByRole('button', { name: 'Approve' }).click();
    await approvals(morgan.page).getByRole('status').filter({ hasText: "Approved: Alex Moreno's request for PIM-Helpdesk-Servers." }).waitFor();

    await expect.poll(() => alex.page.getByRole('region', { name: 'Active access' }).textContent(), { timeout: 60_000 }).toContain('PIM-Helpdesk-Servers');
    await alex.page.getByRole('tab', { name: 'History' }).click();
    await expect.poll(() => alex.page.getByRole('list', { name: 'Timeline: PIM-Helpdesk-Servers' }).first().textContent(), { timeout: 60_000 }).toContain('Ready');
    await alex.page.getByRole('tab', { name: 'Access' }).click();
  });

  it('a second helpdesk user sees the first one holding the group, with the end time, before requesting', async () => {
    await riley.page.reload();
    const card = riley.page.getByRole('region', { name: 'Groups you can activate' }).getByRole('listitem').filter({ hasText: 'PIM-Helpdesk-Servers' });
    const holder = card.getByRole('note').filter({ hasText: 'Alex Moreno is in this group until' });
    await holder.waitFor({ timeout: 30_000 });
    const { assignments } = await alex.env.admin<{ assignments: { groupId: string; active: boolean; scheduleInfo: { expiration: { endDateTime: string } } }[] }>('GET', '/pim/assignments');
    const end = assignments.find((a) => a.groupId === SERVERS_GROUP && a.active)!.scheduleInfo.expiration.endDateTime;
    const hhmm = await riley.page.evaluate((iso) => new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' }), end);
    expect(await holder.textContent()).toBe(`Alex Moreno is in this group until ${hhmm}`);
    await look(riley.page, 'second-helpdesk-sees-holder');
  });
});
