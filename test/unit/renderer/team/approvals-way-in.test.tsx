import { act, cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApprovalRequestDto } from '../../../../shared/domain/approvals.js';
import { parseViewMode } from '../../../../renderer/src/view-mode.js';
import { ACCOUNT_ID, createFakeBridge, demoData, TENANT_ID } from '../fake-bridge.js';
import { flush, renderApp } from '../render-app.js';

function waiting(requestId: string, who: string): ApprovalRequestDto {
  return {
    accountId: ACCOUNT_ID,
    tenantId: TENANT_ID,
    requestId,
    approvalId: `approval-${requestId}`,
    stageId: `stage-${requestId}`,
    requester: { id: `${who}-oid`, displayName: who },
    groupId: 'grp-servers',
    groupName: 'PIM-Helpdesk-Servers',
    vaults: ['kv-contoso-servers'],
    durationMinutes: 60,
    justification: `Reset for ${who}`,
    requestedAt: Date.UTC(2025, 0, 6, 9),
    lapsesAt: Date.UTC(2025, 0, 7, 9),
  };
}

const approvalsPanel = () => screen.getByRole('region', { name: /Requests to approve/ });

afterEach(() => cleanup());

describe('the way into the approvals panel', () => {
  it('the quick lookup shows the count only while something waits, follows the inbox event, and opens the panel', async () => {
    const fake = createFakeBridge(demoData());
    fake.handle('approvals:count', () => ({ count: 2 }));
    const { user } = await renderApp({ view: 'popup', fake });
    const shortcut = screen.getByRole('button', { name: '2 to approve: open the approvals panel' });
    expect(shortcut.textContent).toBe('2 to approve');
    expect(shortcut.title).toBe('2 requests waiting for your approval: open the approvals panel');
    await user.click(shortcut);
    expect(fake.callsTo('window:openMain')).toEqual([{ tab: 'access', section: 'approvals' }]);

    act(() => fake.emit('approvals:inbox', { count: 1 }));
    expect(screen.getByRole('button', { name: '1 to approve: open the approvals panel' })).toBeTruthy();
    act(() => fake.emit('approvals:inbox', { count: 0 }));
    expect(screen.queryByRole('button', { name: /to approve/ })).toBeNull();
  });

  it('nothing to approve: no button in the quick lookup', async () => {
    await renderApp({ view: 'popup' });
    expect(screen.queryByRole('button', { name: /to approve/ })).toBeNull();
  });

  it('reads the place to go from the window hash (what main sets for the quick lookup and notifications)', () => {
    expect(parseViewMode({ search: '', hash: '#tab=access&section=approvals&request=r-2&decision=Deny' })).toEqual({ view: 'main', tab: 'access', focus: { section: 'approvals', requestId: 'r-2', decision: 'Deny' } });
    expect(parseViewMode({ search: '', hash: '#tab=access&section=approvals' })).toEqual({ view: 'main', tab: 'access', focus: { section: 'approvals' } });
    // Unknown values are dropped, never guessed.
    expect(parseViewMode({ search: '', hash: '#tab=access&section=approvals&decision=Maybe' }).focus).toEqual({ section: 'approvals' });
    expect(parseViewMode({ search: '', hash: '#tab=history&section=approvals' }).focus).toBeUndefined();
  });

  it('from a notification\'s Deny: that request\'s justification has focus and Deny is marked; nothing is sent until the user says why', async () => {
    const fake = createFakeBridge(demoData());
    fake.handle('approvals:list', () => [waiting('r-1', 'Alex Moreno'), waiting('r-2', 'Riley Park')]);
    const { user } = await renderApp({ view: 'main', fake, focus: { section: 'approvals', requestId: 'r-2', decision: 'Deny' } });
    await flush();
    const riley = within(approvalsPanel()).getByRole('listitem', { name: 'Riley Park asks for PIM-Helpdesk-Servers' });
    const field = within(riley).getByRole('textbox', { name: /Your justification/ });
    expect(document.activeElement).toBe(field);
    expect(riley.textContent).toContain('You chose Deny in the notification. Say why, then press Deny');
    expect(within(riley).getByRole('button', { name: 'Deny' }).className).toBe('primary');
    expect(fake.callsTo('approvals:decide')).toEqual([]);
    const alex = within(approvalsPanel()).getByRole('listitem', { name: 'Alex Moreno asks for PIM-Helpdesk-Servers' });
    expect(alex.textContent).not.toContain('You chose');

    await user.type(field, 'No change window today');
    await user.click(within(riley).getByRole('button', { name: 'Deny' }));
    expect(fake.callsTo('approvals:decide')).toEqual([{ accountId: ACCOUNT_ID, requestId: 'r-2', decision: 'Deny', justification: 'No change window today' }]);
  });

  it('from a notification whose request has meanwhile left the inbox: says so and lands on the panel heading', async () => {
    const fake = createFakeBridge(demoData());
    fake.handle('approvals:list', () => [waiting('r-1', 'Alex Moreno')]);
    await renderApp({ view: 'main', fake, focus: { section: 'approvals', requestId: 'r-gone', decision: 'Approve' } });
    await flush();
    expect(approvalsPanel().textContent).toContain('That request no longer waits for your decision');
    expect(document.activeElement).toBe(within(approvalsPanel()).getByRole('heading', { name: /Requests to approve/ }));
  });

  it('a slower, older read never puts back a row a newer read removed', async () => {
    const fake = createFakeBridge(demoData());
    const answers: ((items: ApprovalRequestDto[]) => void)[] = [];
    fake.handle('approvals:list', () => new Promise<ApprovalRequestDto[]>((resolve) => answers.push(resolve)));
    const { user } = await renderApp({ view: 'main', fake });
    answers.shift()!([waiting('r-1', 'Alex Moreno')]);
    await flush();
    expect(approvalsPanel().getAttribute('aria-busy')).toBe('false');
    await user.click(within(approvalsPanel()).getByRole('button', { name: 'Refresh' }));
    await user.click(within(approvalsPanel()).getByRole('button', { name: 'Refresh' }));
    expect(approvalsPanel().getAttribute('aria-busy')).toBe('true');
    const [older, newer] = answers.splice(0);
    newer!([]);
    await flush();
    older!([waiting('r-1', 'Alex Moreno')]);
    await flush();
    expect(approvalsPanel().textContent).toContain('Nothing waits for your approval.');
    expect(approvalsPanel().getAttribute('aria-busy')).toBe('false');
  });
});
