import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ACCOUNT_ID, demoData, LOCKED_GROUP } from '../fake-bridge.js';
import { renderApp } from '../render-app.js';

const UNKNOWN_GROUP = '5f0c2a9e-7b1d-4e3a-9c8f-2d6b4a1e0c37';

describe('history tab', () => {
  afterEach(cleanup);

  it('names groups instead of showing their GUIDs, in the journal and in the request timelines', async () => {
    const data = demoData();
    data.journal = [
      { time: '2026-11-23T10:05:00.000Z', action: 'activate', outcome: 'ok', account: ACCOUNT_ID, groupId: LOCKED_GROUP, justification: 'INC-7 reset', ticket: 'INC-7' },
      { time: '2026-11-23T10:00:00.000Z', action: 'approve', outcome: 'ok', account: ACCOUNT_ID, groupId: UNKNOWN_GROUP },
    ];
    data.pending = [{ requestId: 'r1', accountId: ACCOUNT_ID, groupId: LOCKED_GROUP, submittedAt: Date.now(), history: [] }];
    await renderApp({ view: 'main', tab: 'history', data });
    const journal = screen.getByRole('table');
    expect(journal.textContent).toContain('Fabrikam admins');
    expect(journal.textContent).not.toContain(LOCKED_GROUP);
    // A group the app has no name for is shortened, never a bare GUID; the full id stays in the tooltip.
    expect(journal.textContent).toContain('group 5f0c2a9e…');
    expect(journal.textContent).not.toContain(UNKNOWN_GROUP);
    expect(screen.getByRole('heading', { level: 3, name: /Fabrikam admins/ })).toBeTruthy();
  });

  it('a PIM group configured for a vault but not eligible reads as that vault’s group', async () => {
    const data = demoData();
    data.eligible = [];
    data.journal = [{ time: '2026-11-23T10:05:00.000Z', action: 'lock', outcome: 'ok', account: ACCOUNT_ID, vault: 'kv-fabrikam', groupId: LOCKED_GROUP }];
    await renderApp({ view: 'main', tab: 'history', data });
    expect(screen.getByRole('table').textContent).toContain('kv-fabrikam / group for Fabrikam admin');
  });

  it('with two accounts signed in, each line says whose it is', async () => {
    const data = demoData();
    data.state.accounts.push({ accountId: 'acc-guest', tenantId: '22222222-2222-2222-2222-222222222222', tenantName: 'Fabrikam', username: 'ana_contoso#EXT#@fabrikam.example', name: 'Ana' });
    data.journal = [
      { time: '2026-11-23T10:05:00.000Z', action: 'copy', outcome: 'ok', account: 'acc-guest', vault: 'kv-fabrikam', secretName: 'dc-local-admin' },
      { time: '2026-11-23T10:00:00.000Z', action: 'copy', outcome: 'ok', account: ACCOUNT_ID, vault: 'kv-contoso', secretName: 'router-root' },
    ];
    await renderApp({ view: 'main', tab: 'history', data });
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows[0]!.textContent).toContain('ana_contoso#EXT#@fabrikam.example');
    expect(rows[1]!.textContent).toContain('ana@contoso.example');
  });
});
