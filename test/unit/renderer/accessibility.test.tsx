import { cleanup, render, screen, within } from '@testing-library/react';
import axe from 'axe-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import INDEX_HTML from '../../../renderer/index.html?raw';
import { NoBridgeView } from '../../../renderer/src/no-bridge-view.js';
import { ACCOUNT_ID, demoData, LOCKED_GROUP, TENANT_ID } from './fake-bridge.js';
import { flush, renderApp } from './render-app.js';

/** axe-core on the whole document; returns violations as "rule (impact): targets" lines. */
async function violations(): Promise<string[]> {
  const results = await axe.run(document, { resultTypes: ['violations'] });
  return results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Zero serious or critical violations; minor/moderate ones are reported but (for now) tolerated. */
async function expectAccessible(): Promise<void> {
  const found = await violations();
  expect(found.filter((line) => /\((serious|critical)\)/.test(line))).toEqual([]);
  expect(found).toEqual([]);
}


describe('accessibility (axe-core) of every view', () => {
  it('renderer/index.html declares the language and a title (the document-level checks)', () => {
    expect(INDEX_HTML).toMatch(/<html lang="en">/);
    expect(INDEX_HTML).toMatch(/<title>JIT Vault<\/title>/);
  });

  beforeEach(() => {
    // The document the components render into, as renderer/index.html sets it up.
    document.documentElement.lang = 'en';
    document.title = 'JIT Vault';
    vi.useFakeTimers({ shouldAdvanceTime: true });
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it('quick lookup with results and a copy countdown', async () => {
    const { user } = await renderApp();
    await user.keyboard('{ArrowDown}{ArrowDown}{Enter}');
    await flush();
    await expectAccessible();
  });

  it('quick lookup with a revealed value in large type', async () => {
    const { user } = await renderApp();
    await user.keyboard('{ArrowDown}{ArrowDown}{Shift>}{Enter}{/Shift}');
    await flush();
    await user.click(screen.getByRole('button', { name: 'Large type' }));
    await expectAccessible();
  });

  it('quick lookup request form with validation errors, then the progress line', async () => {
    const { user, fake } = await renderApp();
    await user.keyboard('{ArrowDown}{Enter}');
    await flush();
    const panel = () => within(screen.getByRole('region', { name: /Request access to/ }));
    await user.click(panel().getByRole('button', { name: 'Request access' }));
    await expectAccessible();
    await user.type(panel().getByRole('textbox', { name: /Ticket/ }), 'INC-1');
    await user.click(panel().getByRole('button', { name: 'Request access' }));
    await flush();
    fake.emit('pim:activation', { requestId: 'req-1', accountId: ACCOUNT_ID, groupId: LOCKED_GROUP, phase: 'PendingApproval', at: Date.now() });
    await flush();
    await expectAccessible();
  });

  it('access window with active and pending access', async () => {
    const data = demoData();
    data.active = [{ accountId: ACCOUNT_ID, tenantId: TENANT_ID, groupId: LOCKED_GROUP, instanceId: 'i', startsAt: Date.now(), endsAt: Date.now() + 3_600_000, assignmentType: 'Activated' }];
    data.pending = [{ requestId: 'r', accountId: ACCOUNT_ID, groupId: LOCKED_GROUP, submittedAt: Date.now(), history: [{ requestId: 'r', accountId: ACCOUNT_ID, groupId: LOCKED_GROUP, phase: 'PendingApproval', at: Date.now() }] }];
    data.state.vaults[1]!.error = { code: 'vault-forbidden-firewall', message: 'Blocked.' };
    const { user } = await renderApp({ view: 'main', data });
    // The group is active, so its card offers no new request (Azure would refuse it): the form open is Extend's.
    await user.click(screen.getByRole('button', { name: 'Extend Fabrikam admins' }));
    await flush(); // Extend reads what the activation was requested with first
    expect(screen.getByRole('form', { name: /Request access to Fabrikam admins/ })).toBeTruthy();
    await expectAccessible();
  });

  it('history tab', async () => {
    await renderApp({ view: 'main', tab: 'history' });
    await expectAccessible();
  });

  it('settings tab with enforced settings', async () => {
    const data = demoData();
    data.state.policyEnforced = ['revealSeconds', 'theme'];
    await renderApp({ view: 'main', tab: 'settings', data });
    await expectAccessible();
  });

  it('sign-in view with a device code, in memory-only mode', async () => {
    const data = demoData();
    data.state.accounts = [];
    data.state.keychain = 'unavailable-memory-only';
    data.state.tenants.push({ tenantId: 't2', displayName: 'Fabrikam' });
    const { user, fake } = await renderApp({ view: 'popup', data });
    fake.handle('auth:signIn', () => new Promise(() => undefined));
    await user.click(screen.getByRole('button', { name: 'Sign in with a device code' }));
    fake.emit('auth:deviceCode', { userCode: 'ABCD-1234', verificationUri: 'https://login.example/device', message: 'Enter the code.', expiresAt: Date.now() + 60_000 });
    await flush();
    await expectAccessible();
  });

  it('lock view', async () => {
    const { fake } = await renderApp();
    fake.emit('session:locked', { vaults: ['kv-contoso'], reason: 'idle', at: Date.now() });
    await flush();
    await expectAccessible();
  });

  it('load failure and the no-bridge page', async () => {
    const data = demoData();
    const { fake, services } = await renderApp({ data });
    cleanup();
    fake.fail('app:getState', 'network');
    const { App } = await import('../../../renderer/src/app.js');
    const fresh = { ...services, app: (await import('../../../renderer/src/state/app-store.js')).createAppStore(fake.bridge) };
    render(<App services={fresh} mode={{ view: 'main', tab: 'access' }} />);
    await flush();
    expect(screen.getByRole('alert').textContent).toContain('Network problem');
    await expectAccessible();
    cleanup();
    render(<NoBridgeView />);
    await expectAccessible();
  });
});
