import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ACCOUNT_ID, demoData, LOCKED_GROUP, TENANT_ID } from '../fake-bridge.js';
import { flush, renderApp } from '../render-app.js';

const justificationOf = (form: HTMLElement) => (within(form).getByRole('textbox', { name: /Justification/ }) as HTMLTextAreaElement).value;
const templateOptions = (form: HTMLElement) => within(within(form).getByRole('combobox', { name: 'Justification template' })).getAllByRole('option').map((o) => o.textContent);

describe('request form: templates per group, Extend pre-filled', () => {
  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it('a group without its own template starts empty — no shared sentence pre-filled for every group (issue 13 bug)', async () => {
    const data = demoData();
    delete data.state.groupJustificationTemplates;
    const { user } = await renderApp({ view: 'main', data });
    await user.click(screen.getByRole('button', { name: 'Request access to Fabrikam admins' }));
    const form = screen.getByRole('form', { name: /Request access to Fabrikam admins/ });
    expect(justificationOf(form)).toBe('');
    expect(templateOptions(form)).toEqual(['(write your own)', 'Helpdesk ticket: user locked out', 'Scheduled maintenance']);
  });

  it('a group’s own templates come first and the first pre-fills its justification', async () => {
    const data = demoData();
    data.state.groupJustificationTemplates = { [LOCKED_GROUP]: ['Fabrikam DC maintenance window', 'Fabrikam user locked out'] };
    const { user } = await renderApp({ view: 'main', data });
    await user.click(screen.getByRole('button', { name: 'Request access to Fabrikam admins' }));
    const form = screen.getByRole('form', { name: /Request access to Fabrikam admins/ });
    expect(justificationOf(form)).toBe('Fabrikam DC maintenance window');
    expect(templateOptions(form)).toEqual(['(write your own)', 'Fabrikam DC maintenance window', 'Fabrikam user locked out', 'Helpdesk ticket: user locked out', 'Scheduled maintenance']);
    expect(document.activeElement).toBe(within(form).getByRole('textbox', { name: /Justification/ }));
  });

  it('Extend starts from the running activation’s justification and ticket (issue 13 bug), read only when Extend opens (issue 16)', async () => {
    const data = demoData();
    data.active = [{ accountId: ACCOUNT_ID, tenantId: TENANT_ID, groupId: LOCKED_GROUP, instanceId: 'i', startsAt: Date.now(), endsAt: Date.now() + 600_000, assignmentType: 'Activated' }];
    data.requestedWith = { [LOCKED_GROUP]: { justification: 'DC01 password reset', ticketNumber: 'INC-2042' } };
    const { user, fake } = await renderApp({ view: 'main', data });
    // Listing the activations asks Graph nothing more: the request is read when Extend opens.
    expect(fake.callsTo('pim:active').length).toBeGreaterThan(0);
    expect(fake.callsTo('pim:requestedWith')).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Extend Fabrikam admins' }));
    await flush();
    expect(fake.callsTo('pim:requestedWith')).toEqual([{ accountId: ACCOUNT_ID, groupId: LOCKED_GROUP }]);
    const form = screen.getByRole('form', { name: /Request access to Fabrikam admins/ });
    expect(justificationOf(form)).toBe('DC01 password reset');
    expect((within(form).getByRole('textbox', { name: /Ticket number/ }) as HTMLInputElement).value).toBe('INC-2042');
    await user.click(within(form).getByRole('button', { name: 'Extend' }));
    await flush();
    expect(fake.callsTo('pim:extend')).toEqual([{ accountId: ACCOUNT_ID, groupId: LOCKED_GROUP, justification: 'DC01 password reset', durationMinutes: 60, ticketNumber: 'INC-2042' }]);
  });

  it('a second click on Extend while main asks Graph cancels: the late answer does not open the form', async () => {
    const data = demoData();
    data.active = [{ accountId: ACCOUNT_ID, tenantId: TENANT_ID, groupId: LOCKED_GROUP, instanceId: 'i', startsAt: Date.now(), endsAt: Date.now() + 600_000, assignmentType: 'Activated' }];
    const { user, fake } = await renderApp({ view: 'main', data });
    let answer!: (value: { justification: string }) => void;
    fake.handle('pim:requestedWith', () => new Promise((resolve) => (answer = resolve)));
    const extend = screen.getByRole('button', { name: 'Extend Fabrikam admins' });
    await user.click(extend);
    await user.click(extend);
    answer({ justification: 'DC01 password reset' });
    await flush();
    expect(fake.callsTo('pim:requestedWith')).toHaveLength(1);
    expect(extend.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('form', { name: /Request access to Fabrikam admins/ })).toBeNull();
  });

  it('Extend still opens, without a pre-fill, when Graph cannot say what the activation was requested with', async () => {
    const data = demoData();
    delete data.state.groupJustificationTemplates;
    data.active = [{ accountId: ACCOUNT_ID, tenantId: TENANT_ID, groupId: LOCKED_GROUP, instanceId: 'i', startsAt: Date.now(), endsAt: Date.now() + 600_000, assignmentType: 'Activated' }];
    const { user, fake } = await renderApp({ view: 'main', data });
    fake.fail('pim:requestedWith', 'network');
    await user.click(screen.getByRole('button', { name: 'Extend Fabrikam admins' }));
    await flush();
    const form = screen.getByRole('form', { name: /Request access to Fabrikam admins/ });
    expect(justificationOf(form)).toBe('');
    expect(screen.getByRole('button', { name: 'Extend Fabrikam admins' }).getAttribute('aria-expanded')).toBe('true');
  });
});
