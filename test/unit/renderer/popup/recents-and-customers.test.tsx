import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { recentKeys } from '../../../../renderer/src/state/recents.js';
import { ACCOUNT_ID, demoData } from '../fake-bridge.js';
import { advance, renderApp } from '../render-app.js';

const names = () => within(screen.getByRole('listbox', { name: 'Secrets' })).getAllByRole('option').map((o) => o.querySelector('.row-name')?.textContent);
const use = (action: 'copy' | 'reveal', vault: string, secretName: string, time: string, outcome: 'ok' | 'failed' = 'ok') => ({ time, action, outcome, account: ACCOUNT_ID, vault, secretName });

describe('quick lookup: recents first on an empty search, favourites kept', () => {
  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it('recentKeys: successful copies and reveals, newest first, each item once, catalog keys', () => {
    const journal = [
      use('reveal', 'kv-contoso', 'Router-Root', '2026-11-23T10:05:00.000Z'),
      use('copy', 'kv-contoso', 'sql-sa', '2026-11-23T10:04:00.000Z', 'failed'),
      use('copy', 'kv-contoso', 'router-root', '2026-11-23T10:03:00.000Z'),
      { time: '2026-11-23T10:02:00.000Z', action: 'activate' as const, outcome: 'ok' as const, groupId: 'g' },
      use('copy', 'kv-fabrikam', 'dc-local-admin', '2026-11-23T10:01:00.000Z'),
    ];
    expect(recentKeys(journal)).toEqual(['kv-contoso/router-root', 'kv-fabrikam/dc-local-admin']);
    expect(recentKeys(journal, 1)).toEqual(['kv-contoso/router-root']);
  });

  it('the empty search lists favourites, then the recently used (most recent first), then the rest by name; a query ranks as before', async () => {
    const data = demoData();
    data.journal = [use('reveal', 'kv-contoso', 'sql-sa', '2026-11-23T10:05:00.000Z'), use('copy', 'kv-contoso', 'router-root', '2026-11-23T10:00:00.000Z')];
    const { user } = await renderApp({ data });
    await advance(400);
    expect(names()).toEqual(['ca-admin-password', 'sql-sa', 'router-root', 'dc-local-admin']);
    await user.type(screen.getByRole('combobox'), 'r');
    await advance(50);
    expect(names()[0]).toBe('router-root');
  });

  it('a copy makes the item a recent at once (the journal is read again)', async () => {
    const data = demoData();
    const { user, fake } = await renderApp({ data });
    await advance(400);
    expect(names()).toEqual(['ca-admin-password', 'dc-local-admin', 'router-root', 'sql-sa']);
    const before = fake.callsTo('journal:recent').length;
    await user.keyboard('{ArrowDown}{ArrowDown}{ArrowDown}');
    // Main journals the copy before it answers; the fake's journal does the same here.
    fake.data.journal.unshift(use('copy', 'kv-contoso', 'sql-sa', new Date().toISOString()));
    await user.keyboard('{Enter}');
    await advance(400);
    expect(fake.callsTo('vault:copy')).toEqual([{ vault: 'kv-contoso', name: 'sql-sa' }]);
    expect(fake.callsTo('journal:recent').length).toBeGreaterThan(before);
    expect(names()).toEqual(['ca-admin-password', 'sql-sa', 'dc-local-admin', 'router-root']);
  });
});

describe('quick lookup: filter by customer', () => {
  afterEach(cleanup);

  it('shows one customer’s items, with the count; All brings everything back; the filter applies to queries too', async () => {
    const { user } = await renderApp();
    const filter = await screen.findByRole('group', { name: 'Customer' });
    expect(within(filter).getAllByRole('button').map((b) => b.textContent)).toEqual(['All', 'Contoso', 'Fabrikam']);
    await user.click(within(filter).getByRole('button', { name: 'Fabrikam' }));
    expect(within(filter).getByRole('button', { name: 'Fabrikam' }).getAttribute('aria-pressed')).toBe('true');
    expect(names()).toEqual(['dc-local-admin']);
    expect(screen.getByText('1 secret')).toBeTruthy();
    await user.click(within(filter).getByRole('button', { name: 'Contoso' }));
    await user.type(screen.getByRole('combobox'), 'a');
    expect(names().every((name) => name !== 'dc-local-admin')).toBe(true);
    expect(names().length).toBeGreaterThan(0);
    await user.click(within(filter).getByRole('button', { name: 'All' }));
    expect(names()).toContain('dc-local-admin');
  });

  it('is not shown when the catalog holds one customer only', async () => {
    const data = demoData();
    data.items = data.items.filter((item) => item.customer === 'Contoso');
    await renderApp({ data });
    expect(screen.queryByRole('group', { name: 'Customer' })).toBeNull();
  });
});
