import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ACCOUNT_ID, demoData, LOCKED_GROUP, TENANT_ID } from '../fake-bridge.js';
import { flush, renderApp } from '../render-app.js';

const OTHER_TENANT = '22222222-2222-2222-2222-222222222222';
const OTHER_ACCOUNT = 'acc-ben';

function section(name: string): HTMLElement {
  return screen.getByRole('region', { name });
}

/** Two accounts (Contoso Sandbox, Fabrikam Ltd), each eligible for a group called "Helpdesk admins". */
function twoTenants() {
  const data = demoData();
  data.state.tenants.push({ tenantId: OTHER_TENANT, displayName: 'Fabrikam Ltd' });
  data.state.accounts.push({ accountId: OTHER_ACCOUNT, tenantId: OTHER_TENANT, tenantName: 'Fabrikam Ltd', username: 'ben@fabrikam.example' });
  const base = data.eligible[0]!;
  data.eligible = [
    { ...base, displayName: 'Helpdesk admins' },
    { ...base, accountId: OTHER_ACCOUNT, tenantId: OTHER_TENANT, groupId: 'grp-fabrikam-helpdesk', displayName: 'Helpdesk admins', vaults: [] },
  ];
  return data;
}

describe('access window: groups say what they are and where they stand', () => {
  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it('"Request submitted" follows the request: gone once it is Ready, the card then says until when it is active (issue 13 bug)', async () => {
    const { user, fake } = await renderApp({ view: 'main' });
    await user.click(screen.getByRole('button', { name: 'Request access to Fabrikam admins' }));
    const form = screen.getByRole('form', { name: /Request access to Fabrikam admins/ });
    await user.type(within(form).getByRole('textbox', { name: /Ticket/ }), 'CHG-1');
    await user.click(within(form).getByRole('button', { name: 'Request access' }));
    await flush();
    const card = () => section('Groups you can activate');
    expect(card().textContent).toContain('Request submitted');
    const endsAt = Date.now() + 3_600_000;
    fake.data.active = [{ accountId: ACCOUNT_ID, tenantId: TENANT_ID, groupId: LOCKED_GROUP, instanceId: 'i-1', startsAt: Date.now(), endsAt, assignmentType: 'Activated' }];
    fake.emit('pim:activation', { requestId: 'req-1', accountId: ACCOUNT_ID, groupId: LOCKED_GROUP, phase: 'Ready', at: Date.now(), endsAt });
    await flush();
    expect(card().textContent).not.toContain('Request submitted');
    expect(card().textContent).toMatch(/Active until \d/);
    // Azure refuses a second activation while one runs: no button that cannot work.
    expect(within(card()).queryByRole('button', { name: 'Request access to Fabrikam admins' })).toBeNull();
  });

  it('a request that ends badly says how it ended instead of "submitted"', async () => {
    const { user, fake } = await renderApp({ view: 'main' });
    await user.click(screen.getByRole('button', { name: 'Request access to Fabrikam admins' }));
    const form = screen.getByRole('form', { name: /Request access to Fabrikam admins/ });
    await user.type(within(form).getByRole('textbox', { name: /Ticket/ }), 'CHG-2');
    await user.click(within(form).getByRole('button', { name: 'Request access' }));
    await flush();
    fake.emit('pim:activation', { requestId: 'req-1', accountId: ACCOUNT_ID, groupId: LOCKED_GROUP, phase: 'Denied', at: Date.now() });
    await flush();
    expect(section('Groups you can activate').textContent).toContain('Your last request ended: Denied.');
    expect(section('Groups you can activate').textContent).not.toContain('Request submitted');
  });

  it('with two accounts, each group says which tenant it belongs to — cards and active access (issue 13 bug)', async () => {
    const data = twoTenants();
    data.active = [{ accountId: OTHER_ACCOUNT, tenantId: OTHER_TENANT, groupId: 'grp-fabrikam-helpdesk', instanceId: 'i-2', startsAt: Date.now(), endsAt: Date.now() + 600_000, assignmentType: 'Activated' }];
    await renderApp({ view: 'main', data });
    const names = within(section('Groups you can activate')).getAllByRole('heading', { level: 3 }).map((h) => h.textContent);
    expect(names).toEqual(['Helpdesk admins — Contoso Sandbox', 'Helpdesk admins — Fabrikam Ltd']);
    expect(section('Active access').textContent).toContain('Helpdesk admins — Fabrikam Ltd');
  });

  it('with one account, groups keep their plain names', async () => {
    await renderApp({ view: 'main' });
    expect(within(section('Groups you can activate')).getByRole('heading', { level: 3 }).textContent).toBe('Fabrikam admins');
  });
});
