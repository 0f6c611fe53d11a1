import { cleanup, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LockReason } from '../../../../shared/domain/types.js';
import { ACCOUNT_ID, demoData, LOCKED_GROUP, TENANT_ID } from '../fake-bridge.js';
import { flush, renderApp, type RenderedApp } from '../render-app.js';

/** The Fabrikam group's activation, still running in Azure for another 10 minutes. */
function liveActivation() {
  return { accountId: ACCOUNT_ID, tenantId: TENANT_ID, groupId: LOCKED_GROUP, instanceId: 'inst-1', startsAt: Date.now() - 60_000, endsAt: Date.now() + 600_000, assignmentType: 'Activated' as const };
}

async function lockedBy(reason: LockReason, live: boolean): Promise<RenderedApp> {
  const data = demoData();
  if (live) data.active = [liveActivation()];
  const rendered = await renderApp({ view: 'popup', data });
  rendered.fake.emit('session:locked', { vaults: ['kv-fabrikam'], reason, at: Date.now() });
  await flush();
  return rendered;
}

describe('lock view: the way back matches what locked', () => {
  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it('a manual lock while the activation still runs offers "Unlock again", never "Request access again" (issue 13 bug)', async () => {
    const { user, fake } = await lockedBy('manual', true);
    const view = screen.getByRole('main', { name: 'Locked' });
    expect(view.textContent).not.toMatch(/Request access again/);
    expect(view.textContent).toMatch(/Your access in Azure is still active until .*: unlock again/);
    const unlock = screen.getByRole('button', { name: 'Unlock again' });
    expect(document.activeElement).toBe(unlock);
    await user.click(unlock);
    await flush();
    expect(fake.callsTo('vault:refresh')).toEqual([{}]);
    expect(fake.callsTo('pim:activate')).toEqual([]);
    expect(screen.queryByRole('main', { name: 'Locked' })).toBeNull();
  });

  it('an unlock refused by main (presence not confirmed) stays on the lock view and says why', async () => {
    const { user, fake } = await lockedBy('idle', true);
    fake.fail('vault:refresh', 'interaction-required', 'Confirm it is you to unlock.');
    await user.click(screen.getByRole('button', { name: 'Unlock again' }));
    await flush();
    expect(screen.getByRole('main', { name: 'Locked' })).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain('Confirm it is you to unlock.');
  });

  it.each<LockReason>(['expired', 'revoked', 'deactivated'])('after "%s" the activation is over: request access again, no Unlock again', async (reason) => {
    // Main's active list may still carry the ended activation for a moment: the reason decides.
    await lockedBy(reason, true);
    expect(screen.getByRole('main', { name: 'Locked' }).textContent).toMatch(/Request access again to open these vaults/);
    expect(screen.queryByRole('button', { name: 'Unlock again' })).toBeNull();
  });

  it('a manual lock with no activation running says to request access again', async () => {
    await lockedBy('manual', false);
    expect(screen.getByRole('main', { name: 'Locked' }).textContent).toMatch(/Request access again/);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Continue' }));
  });
});
