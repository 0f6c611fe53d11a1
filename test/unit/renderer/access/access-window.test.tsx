import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ACCOUNT_ID, demoData, LOCKED_GROUP, TENANT_ID } from '../fake-bridge.js';
import { advance, flush, renderApp } from '../render-app.js';

function section(name: RegExp | string): HTMLElement {
  return screen.getByRole('region', { name });
}

describe('access window', () => {
  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it('shows accounts, eligible groups with policy and vaults, vault states, and the demo banner', async () => {
    await renderApp({ view: 'main' });
    expect(screen.getByRole('note', { name: 'Demo tenant' }).textContent).toContain('Contoso Sandbox');
    expect(within(section('Accounts')).getByText('ana@contoso.example')).toBeTruthy();
    const groups = section('Groups you can activate');
    expect(within(groups).getByRole('heading', { name: 'Fabrikam admins' })).toBeTruthy();
    expect(groups.textContent).toContain('Up to 4 hours');
    expect(groups.textContent).toContain('Needs approval');
    expect(groups.textContent).toContain('Ticket number required');
    expect(groups.textContent).toContain('multi-factor authentication');
    expect(groups.textContent).toContain('Unlocks: Fabrikam admin');
    const vaults = section('Vaults');
    expect(vaults.textContent).toMatch(/Contoso ops.*Always open/);
    expect(vaults.textContent).toMatch(/Fabrikam admin.*Locked/);
  });

  it('a vault card follows its listing: "listing…" becomes the count when main says it is listed (no stale "0 secrets · listing…")', async () => {
    const data = demoData();
    data.state.vaults[0] = { ...data.state.vaults[0]!, listing: 'listing', itemCount: 0 };
    const { fake } = await renderApp({ view: 'main', data });
    expect(section('Vaults').textContent).toMatch(/Contoso ops.*0 secrets listing…/);
    fake.data.state.vaults[0] = { ...fake.data.state.vaults[0]!, listing: 'listed', itemCount: 3, listedAt: Date.now() };
    fake.emit('vault:catalog', { type: 'listed', vault: 'kv-contoso' });
    await advance(400);
    expect(section('Vaults').textContent).toMatch(/Contoso ops.*3 secrets/);
    expect(section('Vaults').textContent).not.toContain('listing…');
  });

  it('a locked vault whose listing is refused says "names as of" its last listing', async () => {
    const data = demoData();
    data.state.vaults[1] = { ...data.state.vaults[1]!, listing: 'failed', namesAsOf: Date.UTC(2026, 10, 20, 9, 30), error: { code: 'vault-forbidden-rbac', message: 'cannot be listed before access' } };
    await renderApp({ view: 'main', data });
    expect(section('Vaults').textContent).toMatch(/Fabrikam admin.*names as of/);
  });

  it('lists active activations with a live countdown, Deactivate and Extend', async () => {
    const data = demoData();
    const now = Date.now();
    data.active = [{ accountId: ACCOUNT_ID, tenantId: TENANT_ID, groupId: LOCKED_GROUP, instanceId: 'inst-1', startsAt: now - 600_000, endsAt: now + 65_000, assignmentType: 'Activated' }];
    const { user, fake } = await renderApp({ view: 'main', data });
    const active = section('Active access');
    expect(active.textContent).toContain('Fabrikam admins');
    expect(active.querySelector('.countdown')!.textContent).toBe('1:05');
    await advance(10_000);
    expect(active.querySelector('.countdown')!.textContent).toBe('0:55');
    await user.click(within(active).getByRole('button', { name: 'Deactivate Fabrikam admins' }));
    await flush();
    expect(fake.callsTo('pim:deactivate')).toEqual([{ accountId: ACCOUNT_ID, groupId: LOCKED_GROUP }]);

    await user.click(within(active).getByRole('button', { name: 'Extend Fabrikam admins' }));
    await flush(); // Extend reads what the activation was requested with first
    const form = within(active).getByRole('form', { name: /Request access to Fabrikam admins/ });
    await user.type(within(form).getByRole('textbox', { name: /Ticket/ }), 'INC-5');
    await user.click(within(form).getByRole('button', { name: 'Extend' }));
    await flush();
    expect(fake.callsTo('pim:extend')).toEqual([{ accountId: ACCOUNT_ID, groupId: LOCKED_GROUP, justification: 'Helpdesk ticket: user locked out', durationMinutes: 60, ticketNumber: 'INC-5' }]);
  });

  it('explains why Deactivate was refused (Azure’s 5-minute minimum)', async () => {
    const data = demoData();
    data.active = [{ accountId: ACCOUNT_ID, tenantId: TENANT_ID, groupId: LOCKED_GROUP, instanceId: 'i', startsAt: Date.now(), endsAt: Date.now() + 3_600_000, assignmentType: 'Activated' }];
    const { user, fake } = await renderApp({ view: 'main', data });
    fake.fail('pim:deactivate', 'pim-too-short', 'You can deactivate in 4 minutes.');
    await user.click(screen.getByRole('button', { name: 'Deactivate Fabrikam admins' }));
    await flush();
    expect(screen.getByRole('alert').textContent).toContain('Too soon to deactivate');
    expect(screen.getByRole('alert').textContent).toContain('You can deactivate in 4 minutes.');
  });

  it('requests access from a group with validation, then lists it as pending with Cancel and a timeline', async () => {
    const rendered = await renderApp({ view: 'main' });
    const { user, fake } = rendered;
    await user.click(screen.getByRole('button', { name: 'Request access to Fabrikam admins' }));
    const form = screen.getByRole('form', { name: /Request access to Fabrikam admins/ });
    await user.click(within(form).getByRole('button', { name: 'Request access' }));
    expect(within(form).getByText('A ticket number is required for this group.')).toBeTruthy();
    await user.selectOptions(within(form).getByRole('combobox', { name: 'Justification template' }), 'Scheduled maintenance');
    expect((within(form).getByRole('textbox', { name: /Justification/ }) as HTMLTextAreaElement).value).toBe('Scheduled maintenance');
    await user.type(within(form).getByRole('textbox', { name: /Ticket/ }), 'CHG-1');
    await user.click(within(form).getByRole('button', { name: 'Request access' }));
    await flush();
    expect(fake.callsTo('pim:activate')).toEqual([{ accountId: ACCOUNT_ID, groupId: LOCKED_GROUP, justification: 'Scheduled maintenance', durationMinutes: 60, ticketNumber: 'CHG-1' }]);
    fake.emit('pim:activation', { requestId: 'req-1', accountId: ACCOUNT_ID, groupId: LOCKED_GROUP, phase: 'Submitted', at: Date.now() });
    fake.emit('pim:activation', { requestId: 'req-1', accountId: ACCOUNT_ID, groupId: LOCKED_GROUP, phase: 'PendingApproval', at: Date.now() });
    await flush();
    const pending = section('Pending requests');
    expect(pending.querySelector('[aria-current="step"]')!.textContent).toContain('Waiting for approval');
    const timeline = within(pending).getByRole('list', { name: 'Timeline: Fabrikam admins' });
    const entries = within(timeline).getAllByRole('listitem');
    expect(entries.map((li) => li.textContent!.slice(li.querySelector('time')!.textContent!.length).trim())).toEqual(['Submitted', 'Waiting for approval']);
    await user.click(within(pending).getByRole('button', { name: 'Cancel request for Fabrikam admins' }));
    await flush();
    expect(fake.callsTo('pim:cancel')).toEqual([{ accountId: ACCOUNT_ID, requestId: 'req-1' }]);
    fake.emit('pim:activation', { requestId: 'req-1', accountId: ACCOUNT_ID, groupId: LOCKED_GROUP, phase: 'Canceled', at: Date.now() });
    await flush();
    expect(section('Pending requests').textContent).toContain('No request is waiting.');
  });

  it('lists requests main is still following (pim:pending) after the window opens', async () => {
    const data = demoData();
    data.pending = [
      { requestId: 'req-old', accountId: ACCOUNT_ID, groupId: LOCKED_GROUP, submittedAt: Date.now() - 60_000, history: [{ requestId: 'req-old', accountId: ACCOUNT_ID, groupId: LOCKED_GROUP, phase: 'PendingApproval', at: Date.now() - 50_000 }] },
    ];
    await renderApp({ view: 'main', data });
    expect(section('Pending requests').querySelector('[aria-current="step"]')!.textContent).toContain('Waiting for approval');
  });

  it('signs in with a device code, showing the code main pushes', async () => {
    const data = demoData();
    data.state.accounts = [];
    const { user, fake, services } = await renderApp({ view: 'main', data });
    expect(screen.getByRole('heading', { name: 'Sign in to JIT Vault' })).toBeTruthy();
    let finish: (() => void) | undefined;
    fake.handle('auth:signIn', ({ tenantId }) => new Promise((resolve) => (finish = () => {
      const account = { accountId: 'acc-new', tenantId, username: 'ben@contoso.example' };
      fake.data.state.accounts.push(account);
      resolve(account);
    })));
    await user.click(screen.getByRole('button', { name: 'Sign in with a device code' }));
    fake.emit('auth:deviceCode', { userCode: 'ABCD-1234', verificationUri: 'https://login.example/device', message: 'Enter the code to sign in.', expiresAt: Date.now() + 900_000 });
    await flush();
    expect(screen.getByText('ABCD-1234')).toBeTruthy();
    expect(screen.getByText('https://login.example/device')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Open the sign-in page' }));
    expect(fake.callsTo('app:openExternal')).toEqual([{ url: 'https://login.example/device' }]);
    expect(fake.callsTo('auth:signIn')).toEqual([{ tenantId: TENANT_ID, method: 'device-code' }]);
    finish!();
    await flush();
    expect(services.app.getState().state?.accounts).toHaveLength(1);
    expect(screen.getByRole('tablist', { name: 'Sections' })).toBeTruthy();
  });

  it('explains memory-only mode when the keychain is unavailable', async () => {
    const data = demoData();
    data.state.keychain = 'unavailable-memory-only';
    data.state.mode = 'configured';
    await renderApp({ view: 'main', data });
    expect(screen.getByRole('note', { name: 'Memory-only mode' }).textContent).toMatch(/sign in again/);
    expect(screen.queryByRole('note', { name: 'Demo tenant' })).toBeNull();
  });

  it('says why the keychain is unavailable when main knows (a missing binding), and what this desktop cannot do', async () => {
    const data = demoData();
    data.state.keychain = 'unavailable-memory-only';
    data.state.keychainReason = 'This installation of JIT Vault lacks its keychain component for win32-arm64.';
    data.state.desktopNotices = ['Screen-capture protection is not available on Linux.'];
    await renderApp({ view: 'main', data });
    expect(screen.getByRole('note', { name: 'Memory-only mode' }).textContent).toMatch(/lacks its keychain component for win32-arm64/);
    expect(screen.getByRole('note', { name: 'About this desktop' }).textContent).toMatch(/not available on Linux/);
  });

  it('keeps desktop notices out of the 520x460 quick lookup', async () => {
    const data = demoData();
    data.state.desktopNotices = ['Screen-capture protection is not available on Linux.'];
    await renderApp({ view: 'popup', data });
    expect(screen.queryByRole('note', { name: 'About this desktop' })).toBeNull();
  });

  it('shows the lock view with the reason until the user continues', async () => {
    const { user, fake } = await renderApp({ view: 'main' });
    fake.emit('session:locked', { vaults: ['kv-fabrikam'], reason: 'expired', at: Date.now() });
    await flush();
    expect(screen.getByText('Your access ended: the PIM activation expired.')).toBeTruthy();
    expect(screen.getByText('kv-fabrikam')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    expect(screen.getByRole('tablist', { name: 'Sections' })).toBeTruthy();
  });

  it('Lock now asks main to lock', async () => {
    const { user, fake } = await renderApp({ view: 'main' });
    await user.click(screen.getByRole('button', { name: 'Lock now' }));
    expect(fake.callsTo('session:lockNow')).toHaveLength(1);
  });

  it('tabs: arrow keys move between Access, Expiry, Certificates, History and Settings; History lists the journal', async () => {
    const { user } = await renderApp({ view: 'main' });
    screen.getByRole('tab', { name: 'Access' }).focus();
    // The expiry overview and the certificates (issue 14) sit right after Access.
    await user.keyboard('{ArrowRight}');
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'Expiry' }));
    await user.keyboard('{ArrowRight}');
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'Certificates' }));
    await user.keyboard('{ArrowRight}');
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'History' }));
    expect(screen.getByRole('tab', { name: 'History' }).getAttribute('aria-selected')).toBe('true');
    const journal = screen.getByRole('table');
    expect(journal.textContent).toContain('kv-contoso / router-root');
    await user.keyboard('{End}');
    expect(screen.getByRole('tabpanel', { name: 'Settings' })).toBeTruthy();
  });

  it('settings: saves what changed, validates ranges, and shows enforced settings read-only with the reason', async () => {
    const data = demoData();
    data.state.policyEnforced = ['timeouts.clipboardSeconds', 'startAtLogin'];
    data.state.policyReasons = { 'timeouts.clipboardSeconds': 'At most 30 seconds, set by Contoso IT.' };
    const { user, fake } = await renderApp({ view: 'main', tab: 'settings', data });
    const clipboard = screen.getByRole('spinbutton', { name: /Clear the clipboard after/ }) as HTMLInputElement;
    expect(clipboard.readOnly).toBe(true);
    expect(screen.getByText('Locked: At most 30 seconds, set by Contoso IT.')).toBeTruthy();
    expect((screen.getByRole('checkbox', { name: /Start JIT Vault/ }) as HTMLInputElement).disabled).toBe(true);
    expect(screen.getByText('Locked: Set by your organisation’s policy.')).toBeTruthy();

    const reveal = screen.getByRole('spinbutton', { name: /Hide a revealed value after/ });
    await user.clear(reveal);
    await user.type(reveal, '2');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(screen.getByText('Enter a whole number from 3 to 300 seconds.')).toBeTruthy();
    expect(fake.callsTo('settings:update')).toHaveLength(0);
    await user.clear(reveal);
    await user.type(reveal, '20');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Theme' }), 'dark');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    await flush();
    expect(fake.callsTo('settings:update')).toEqual([{ revealSeconds: 20, theme: 'dark' }]);
    expect(screen.getByText('Saved.')).toBeTruthy();
    expect(document.documentElement.dataset.theme).toBe('dark');
  });
});
