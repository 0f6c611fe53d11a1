import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Root } from '../../../renderer/src/root.js';
import { createFakeBridge } from './fake-bridge.js';
import { advance, flush, renderApp } from './render-app.js';

describe('main’s events and window plumbing', () => {
  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
    window.location.hash = '';
  });

  it('reports user activity to the idle-lock timer, at most every 15 seconds', async () => {
    const { user, fake } = await renderApp();
    await user.keyboard('a');
    await user.keyboard('b');
    expect(fake.callsTo('session:activity')).toHaveLength(1);
    await advance(15_001);
    await user.keyboard('c');
    expect(fake.callsTo('session:activity')).toHaveLength(2);
  });

  it('shows an expiry warning with a countdown from session:expiring', async () => {
    const { fake } = await renderApp();
    fake.emit('session:expiring', { vault: 'kv-fabrikam', endsAt: Date.now() + 300_000, at: Date.now() });
    await flush();
    expect(screen.getByText(/ends in/).textContent).toMatch(/Access to kv-fabrikam ends in 5:00/);
    await advance(60_000);
    expect(screen.getByText(/ends in/).textContent).toContain('4:00');
    fake.emit('session:unlocked', { vault: 'kv-fabrikam', endsAt: Date.now() + 3_600_000, at: Date.now() });
    await flush();
    expect(screen.queryByText(/ends in/)).toBeNull();
  });

  it('without a catalog snapshot, asks main again once per burst of catalog events, and after an unlock', async () => {
    const fake = createFakeBridge();
    fake.fail('vault:snapshot', 'unknown-channel');
    await renderApp({ fake });
    const before = fake.callsTo('vault:searchPage').length;
    for (let i = 0; i < 10; i++) fake.emit('vault:catalog', { type: 'page', vault: 'kv-contoso' });
    await advance(400);
    expect(fake.callsTo('vault:searchPage').length).toBe(before + 1);
    fake.data.items[3]!.locked = false;
    fake.emit('session:unlocked', { vault: 'kv-fabrikam', endsAt: null, at: Date.now() });
    await flush();
    expect(fake.callsTo('vault:searchPage').length).toBe(before + 2);
    expect(screen.getAllByRole('option')[1]!.textContent).toContain('Unlocked');
  });

  it('with the catalog snapshot, applies main’s diffs and re-ranks once per burst, without asking main', async () => {
    const { fake } = await renderApp();
    const before = fake.calls.length;
    fake.data.items[3]!.locked = false;
    for (let i = 0; i < 10; i++) fake.emit('vault:catalog', { type: 'page', vault: 'kv-fabrikam' });
    await advance(400);
    expect(screen.getAllByRole('option')[1]!.textContent).toContain('Unlocked');
    fake.data.items = fake.data.items.filter((i) => i.name !== 'router-root');
    fake.emit('vault:catalog', { type: 'listed', vault: 'kv-contoso' });
    await advance(400);
    expect(screen.getAllByRole('option').map((o) => o.textContent)).not.toContainEqual(expect.stringContaining('router-root'));
    // No search round trip: the only call is the vault cards' refresh when a listing ends (app:getState).
    expect(fake.calls.slice(before).map((c) => c.channel)).toEqual(['app:getState']);
  });

  it('asks for the whole snapshot again when a diff went missing', async () => {
    const { fake } = await renderApp();
    const asked = fake.callsTo('vault:snapshot').length;
    fake.data.items[3]!.locked = false;
    fake.emit('vault:snapshot', { type: 'diff', revision: 7, base: 6, upserts: [], removed: [] });
    await advance(400);
    expect(fake.callsTo('vault:snapshot').length).toBe(asked + 1);
    expect(screen.getAllByRole('option')[1]!.textContent).toContain('Unlocked');
  });

  it('reloads the app state when main says it changed', async () => {
    const { fake } = await renderApp({ view: 'main' });
    fake.data.state.accounts = [];
    fake.emit('app:stateChanged', {});
    await flush();
    expect(screen.getByRole('heading', { name: 'Sign in to JIT Vault' })).toBeTruthy();
  });

  it('unsubscribes from every event when unmounted', async () => {
    const { fake, unmount } = await renderApp();
    expect(fake.listenerCount('pim:activation')).toBe(1);
    unmount();
    expect(fake.listenerCount('pim:activation')).toBe(0);
    expect(fake.listenerCount('session:locked')).toBe(0);
  });

  it('Root follows the URL hash to switch the access window’s tab', async () => {
    const fake = createFakeBridge();
    window.location.hash = '#tab=history';
    render(<Root bridge={fake.bridge} />);
    await flush();
    await flush();
    expect(screen.getByRole('tab', { name: 'History' }).getAttribute('aria-selected')).toBe('true');
    await act(async () => {
      window.location.hash = '#tab=settings';
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    });
    expect(screen.getByRole('tab', { name: 'Settings' }).getAttribute('aria-selected')).toBe('true');
    expect(document.documentElement.dataset.view).toBe('main');
  });
});
