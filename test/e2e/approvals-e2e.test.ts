import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSP_LISTENER, cspViolations, launchChromium, screenshot, seriousAxeViolations, setPageZoom } from './helpers/chromium.js';
import { startTestPreview, type TestPreview } from './helpers/preview.js';
import { signInWithBrowser } from './helpers/sign-in.js';

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
const APPROVERS_GROUP = 'c4a81f2e-6b37-4d95-a0e8-3f27b9d15c60';

/** The popup and main window's size at 100% (CSS px). */
const WINDOW = { width: 520, height: 460 };

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
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: WINDOW, deviceScaleFactor: 2 });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(env.preview.url).origin });
  await context.addInitScript(CSP_LISTENER);
  const page = await context.newPage();
  await page.goto(env.urlFor('main'));
  await page.getByRole('heading', { name: 'Sign in to JIT Vault' }).waitFor();
  const user = env.preview.sandbox.info.users.find((u) => u.username === username)!;
  await signInWithBrowser(page, user);
  return { env, context, page };
}

/**
 * axe + CSP, then screenshots at 100% and at 200% zoom (the access window at the popup's size), each
 * with the element the step checked scrolled into view: at 200% the panel is taller than the window.
 */
async function look(p: Page, name: string, checked: Locator): Promise<void> {
  expect(await seriousAxeViolations(p), name).toEqual([]);
  expect(await cspViolations(p), name).toEqual([]);
  for (const [zoom, suffix] of [[1, ''], [2, '-200']] as const) {
    await setPageZoom(p, zoom, WINDOW);
    // Its top at the window's top: at 200% a row can be taller than the window, and centring it
    // (Playwright's scrollIntoViewIfNeeded) would cut off the heading that says what it is.
    await checked.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    expect(await inViewport(p, checked), `${name}${suffix}: the checked element`).toBe('on screen');
    await screenshot(p, `approvals-${name}${suffix}`);
  }
  await setPageZoom(p, 1, WINDOW);
}

/** Where the element's top-left corner lies, and whether inside the window (what the screenshot shows). */
async function inViewport(p: Page, target: Locator): Promise<string> {
  return target.evaluate((el) => {
    const box = el.getBoundingClientRect();
    const inside = box.top > -1 && box.left > -1 && box.top < window.innerHeight && box.left < window.innerWidth;
    return inside ? 'on screen' : `at ${Math.round(box.left)},${Math.round(box.top)} in ${window.innerWidth}×${window.innerHeight}`;
  });
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
  // Every read asked for has answered: a late answer must not change the list under the next step.
  await expect.poll(() => approvals(p).getAttribute('aria-busy'), { timeout: 30_000 }).toBe('false');
  return item;
}

beforeAll(async () => {
  if (!existsSync(join(RENDERER, 'index.html'))) throw new Error('out/renderer is missing: run `npm run build` first (npm run test:e2e does).');
  const first = await startTestPreview(RENDERER);
  await first.admin('PATCH', '/settings', { propagationDelaySeconds: 1 });
  const sandbox = first.preview.sandbox;
  // Morgan's inbox is re-read only on Refresh and after a decision: a background poll must not take
  // a row off the screen between the sandbox's change and the click the step makes on it.
  const [second, third] = await Promise.all([startTestPreview(RENDERER, { sandbox, approvalPollMs: 3_600_000 }), startTestPreview(RENDERER, { sandbox })]);
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
    await look(alex.page, 'requester-waiting', wait);

    // The quick lookup shows the count and leads to the panel. The preview page plays both windows:
    // Ctrl+Shift+K (the desktop's shortcut) shows the quick lookup; its button opens the access window there.
    await itemFor(morgan.page, 'Reset DC01 admin password');
    await morgan.page.keyboard.press('Control+Shift+K');
    const shortcut = morgan.page.getByRole('button', { name: '1 to approve: open the approvals panel' });
    await shortcut.waitFor({ timeout: 30_000 });
    expect(await shortcut.textContent()).toBe('1 to approve');
    await look(morgan.page, 'popup-to-approve', shortcut);
    await shortcut.click();
    const heading = approvals(morgan.page).getByRole('heading', { name: /Requests to approve/ });
    await expect.poll(() => heading.evaluate((el) => el === document.activeElement), { timeout: 30_000 }).toBe(true);
    const item = await itemFor(morgan.page, 'Reset DC01 admin password');
    expect(await item.textContent()).toMatch(/Alex Moreno → PIM-Helpdesk-Servers.*INC-3001/);
    await look(morgan.page, 'approver-inbox', item);
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
    await look(riley.page, 'second-helpdesk-sees-holder', holder);
  });

  it('a second request is denied with a reason (a deny without one is refused and nothing is lost); the requester sees the reason in the timeline', async () => {
    await requestServers(riley.page, 'Check the backup job on FS02', 'INC-3002');
    const item = await itemFor(morgan.page, 'Check the backup job on FS02');
    await item.getByRole('button', { name: 'Deny' }).click();
    const why = item.getByRole('textbox', { name: /Your justification/ });
    await expect.poll(() => item.getByText('Say why you approve or deny').count()).toBe(1);
    expect(await why.getAttribute('aria-invalid')).toBe('true');
    expect(await morgan.page.evaluate(() => document.activeElement?.getAttribute('aria-invalid'))).toBe('true');
    expect(await item.count()).toBe(1);
    await why.fill('Backups belong to the storage team');
    await item.getByRole('button', { name: 'Deny' }).click();
    await approvals(morgan.page).getByRole('status').filter({ hasText: "Denied: Riley Park's request for PIM-Helpdesk-Servers." }).waitFor();
    await expect.poll(() => item.count()).toBe(0);
    const closed = approvals(morgan.page).getByRole('list', { name: 'Recently closed requests' });
    await expect.poll(() => closed.textContent().catch(() => '')).toContain('Riley Park → PIM-Helpdesk-Servers: denied by Morgan Blake (Team Lead) — “Backups belong to the storage team”');

    await riley.page.getByRole('tab', { name: 'History' }).click();
    const timeline = riley.page.getByRole('list', { name: 'Timeline: PIM-Helpdesk-Servers' }).first();
    await expect.poll(() => timeline.textContent(), { timeout: 60_000 }).toContain('Morgan Blake (Team Lead) denied the request: "Backups belong to the storage team"');
    expect(await timeline.getByRole('listitem').filter({ hasText: 'Denied' }).count(), 'the denial is told once, with its reason').toBe(1);
    await look(riley.page, 'requester-denied', timeline);
    await riley.page.getByRole('tab', { name: 'Access' }).click();
  });

  it('bad input: a request decided elsewhere and a Graph 403 for someone no longer an approver are refused in plain words; the list refreshes', async () => {
    // Decided by someone else (the sandbox administrator) while the row is on Morgan's screen.
    await requestServers(riley.page, 'Restart the print spooler on PS01', 'INC-3003');
    const decided = await itemFor(morgan.page, 'Restart the print spooler on PS01');
    const { requests } = await alex.env.admin<{ requests: { id: string; justification: string }[] }>('GET', '/pim/requests');
    const decidedId = requests.find((r) => r.justification === 'Restart the print spooler on PS01')!.id;
    await alex.env.admin('POST', `/pim/requests/${decidedId}/deny`, { justification: 'Handled by the on-call team' });
    await decided.getByRole('textbox', { name: /Your justification/ }).fill('Fine by me');
    await decided.getByRole('button', { name: 'Approve' }).click();
    const alert = approvals(morgan.page).getByRole('alert');
    await expect.poll(() => alert.textContent().catch(() => ''), { timeout: 15_000 }).toContain('Sandbox administrator already denied this request.');
    await expect.poll(() => decided.count()).toBe(0);
    await look(morgan.page, 'approver-already-decided', alert);
    await alert.getByRole('button', { name: /Dismiss/ }).click();

    // No longer an approver: Morgan leaves PIM-Approvers-Servers while the row is on screen.
    await requestServers(riley.page, 'Unlock the service account on SQL01', 'INC-3004');
    const row = await itemFor(morgan.page, 'Unlock the service account on SQL01');
    const { tenantId: tenant, oid: morganId } = alex.env.preview.sandbox.info.users.find((u) => u.username.startsWith('morgan.'))!;
    await alex.env.admin('DELETE', `/tenants/${tenant}/groups/${APPROVERS_GROUP}/members/${morganId}`);
    await row.getByRole('textbox', { name: /Your justification/ }).fill('Checked with the DBA');
    await row.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => alert.textContent().catch(() => ''), { timeout: 15_000 }).toMatch(/not \(or no longer\) (one of its approvers|an approver)/);
    await expect.poll(() => row.count()).toBe(0);
    await look(morgan.page, 'approver-not-approver', alert);
    await alert.getByRole('button', { name: /Dismiss/ }).click();
    await alex.env.admin('POST', `/tenants/${tenant}/groups/${APPROVERS_GROUP}/members/${morganId}`);
  });

  it('a request nobody decides lapses: approving it late is refused as expired, and both sides show it as expired', async () => {
    // The request from the previous step still waits; Morgan is an approver again and sees it.
    const row = await itemFor(morgan.page, 'Unlock the service account on SQL01');
    await alex.env.admin('POST', '/clock/advance', { ms: 24 * 3600_000 + 60_000 });
    await row.getByRole('textbox', { name: /Your justification/ }).fill('Sorry, late');
    await row.getByRole('button', { name: 'Approve' }).click();
    const alert = approvals(morgan.page).getByRole('alert');
    await expect.poll(() => alert.textContent().catch(() => ''), { timeout: 30_000 }).toContain('This request expired: nobody decided it in time');
    await expect.poll(() => row.count()).toBe(0);
    const closed = approvals(morgan.page).getByRole('list', { name: 'Recently closed requests' });
    await expect.poll(() => closed.textContent()).toContain('Riley Park → PIM-Helpdesk-Servers: expired — nobody decided in time');
    await look(morgan.page, 'approver-lapsed', closed);

    await riley.page.getByRole('tab', { name: 'History' }).click();
    const timeline = riley.page.getByRole('list', { name: 'Timeline: PIM-Helpdesk-Servers' }).filter({ hasText: 'Nobody approved the request in time' });
    await expect.poll(() => timeline.count(), { timeout: 90_000 }).toBe(1);
    expect(await timeline.textContent(), 'a lapse is not an approver\'s denial').not.toContain('Denied');
    await look(riley.page, 'requester-lapsed', timeline);
  });
});
