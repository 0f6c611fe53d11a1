import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { emptyCatalogReason } from '../../../../renderer/src/popup/empty-catalog-hint.js';
import { advance, flush, renderApp } from '../render-app.js';
import { demoData, SECRET_CANARY } from '../fake-bridge.js';

function combobox(): HTMLInputElement {
  return screen.getByRole('combobox', { name: /search secrets/i });
}

function activeOption(): HTMLElement {
  const id = combobox().getAttribute('aria-activedescendant');
  expect(id).toBeTruthy();
  return document.getElementById(id!)!;
}

describe('quick lookup: search and keyboard', () => {
  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it('keeps the demo banner to one short line in the popup, the explanation in its tooltip', async () => {
    await renderApp();
    const banner = screen.getByRole('note', { name: 'Demo tenant' });
    expect(banner.textContent).not.toContain('sample data');
    expect(banner.getAttribute('title')).toMatch(/^Demo tenant.*: sample data from the local sandbox, not a real Azure tenant\.$/);
  });

  it('opens focused on the search box with every vault’s items, favourites first', async () => {
    await renderApp();
    expect(document.activeElement).toBe(combobox());
    const options = within(screen.getByRole('listbox', { name: 'Secrets' })).getAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual([
      expect.stringContaining('ca-admin-password'),
      expect.stringContaining('dc-local-admin'),
      expect.stringContaining('router-root'),
      expect.stringContaining('sql-sa'),
    ]);
    expect(options[0]!.textContent).toContain('Favourite');
    expect(options[0]!.textContent).toContain('Expiring soon');
    expect(options[1]!.textContent).toContain('Locked');
    expect(options[1]!.textContent).toContain('Fabrikam');
    expect(options[3]!.textContent).toMatch(/No expiry.*Not rotated lately/);
  });

  it('says how old the list is while it comes from the encrypted catalog cache', async () => {
    const data = demoData();
    data.state.vaults[0] = { ...data.state.vaults[0]!, namesAsOf: Date.UTC(2026, 11, 3, 21, 5), listing: 'listing' };
    await renderApp({ data });
    expect(screen.getByText(/Names as of .* — refreshing…/)).toBeTruthy();
  });

  it('counts the whole cached catalog while only its first screen has arrived (the vault cards know it)', async () => {
    const data = demoData();
    // The cache's first screen holds the rows shown first; the vault's cached listing holds 2,000.
    data.state.vaults[0] = { ...data.state.vaults[0]!, namesAsOf: Date.UTC(2026, 11, 3, 21, 5), listing: 'idle', itemCount: 2000 };
    const { user } = await renderApp({ data });
    expect(screen.getByText('2,001 secrets')).toBeTruthy();
    await user.type(combobox(), 'root');
    await flush();
    expect(screen.getByText('1 secret')).toBeTruthy();
  });

  it('says nothing of a refresh for names kept after a refused listing (a locked vault: its items say "names as of")', async () => {
    const data = demoData();
    data.state.vaults[0] = { ...data.state.vaults[0]!, namesAsOf: Date.UTC(2026, 11, 3, 21, 5), listing: 'failed' };
    await renderApp({ data });
    expect(screen.queryByText(/refreshing…/)).toBeNull();
  });

  it('searches as you type and highlights the match', async () => {
    const { user, fake } = await renderApp();
    await user.type(combobox(), 'root');
    await flush();
    const options = screen.getAllByRole('option');
    expect(options).toHaveLength(1);
    expect(options[0]!.querySelector('mark')?.textContent).toBe('root');
    // Searched in the renderer over main's catalog snapshot: no keystroke crossed the bridge.
    expect(fake.callsTo('vault:searchPage').filter((c) => c.query !== '')).toEqual([]);
    await user.clear(combobox());
    await user.type(combobox(), 'zzz');
    await flush();
    expect(screen.queryAllByRole('option')).toHaveLength(0);
    expect(screen.getByText(/No secrets match “zzz”/)).toBeTruthy();
    // Nothing selected: Enter does nothing, so no hint promises a copy.
    expect(screen.getByRole('list', { name: 'Keyboard shortcuts' }).textContent).not.toContain('Enter');
  });

  it('moves the selection with ↑/↓ (aria-activedescendant, aria-selected) and clamps at the ends', async () => {
    const { user } = await renderApp();
    expect(activeOption().textContent).toContain('ca-admin-password');
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(activeOption().textContent).toContain('router-root');
    expect(activeOption().getAttribute('aria-selected')).toBe('true');
    await user.keyboard('{ArrowDown}{ArrowDown}{ArrowDown}');
    expect(activeOption().textContent).toContain('sql-sa');
    await user.keyboard('{ArrowUp}');
    expect(activeOption().textContent).toContain('router-root');
    expect(screen.getAllByRole('option').filter((o) => o.getAttribute('aria-selected') === 'true')).toHaveLength(1);
  });

  it('Enter copies through main and shows the countdown; no value ever reaches the renderer', async () => {
    const { user, fake, services } = await renderApp();
    await user.keyboard('{ArrowDown}{ArrowDown}{Enter}');
    await flush();
    expect(fake.callsTo('vault:copy')).toEqual([{ vault: 'kv-contoso', name: 'router-root' }]);
    const status = screen.getByText(/Clipboard clears in/).closest('[role="status"]')!;
    expect(status.textContent).toContain('router-root');
    expect(status.textContent).toContain('0:30');
    await advance(5_000);
    expect(status.textContent).toContain('0:25');
    // main re-anchors the countdown (its clock wins)
    fake.emit('clipboard:countdown', { vault: 'kv-contoso', name: 'router-root', clearsAt: 0, remainingMs: 12_000 });
    await flush();
    expect(screen.getByText(/Clipboard clears in/).textContent).toContain('0:12');
    fake.emit('clipboard:cleared', { reason: 'timeout' });
    await flush();
    expect(screen.queryByText(/Clipboard clears in/)).toBeNull();
    expect(screen.getByText('Clipboard cleared.')).toBeTruthy();
    // The copy answer carried no value, and none is anywhere in the DOM or the stores.
    expect(document.body.innerHTML).not.toContain(SECRET_CANARY);
    expect(JSON.stringify(services.secrets.getState())).not.toContain(SECRET_CANARY);
    expect(fake.callsTo('vault:reveal')).toHaveLength(0);
  });

  it('explains a copy failure in plain words', async () => {
    const { user, fake } = await renderApp();
    fake.fail('vault:copy', 'vault-forbidden-firewall', 'Access to vault "kv-contoso" was refused by the firewall');
    await user.keyboard('{Enter}');
    await flush();
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain("Your network is blocked by this vault's firewall");
    expect(alert.textContent).toContain('refused by the firewall');
  });

  it('Ctrl/⌘+D toggles the favourite of the selected item', async () => {
    const { user, fake } = await renderApp();
    await user.keyboard('{ArrowDown}{ArrowDown}{Control>}d{/Control}');
    await flush();
    expect(fake.callsTo('vault:setFavourite')).toEqual([{ vault: 'kv-contoso', name: 'router-root', favourite: true }]);
    expect(activeOption().textContent).toContain('Favourite');
  });

  it('Ctrl/⌘+D re-sorts the list but the selection follows the item: the next Enter copies the same secret', async () => {
    const { user, fake } = await renderApp();
    await user.keyboard('{ArrowDown}{ArrowDown}{ArrowDown}'); // sql-sa, the 4th row
    expect(activeOption().textContent).toContain('sql-sa');
    await user.keyboard('{Control>}d{/Control}');
    await flush();
    fake.emit('vault:catalog', { type: 'changed' }); // main announces the change; the list re-sorts (favourites first)
    await advance(400);
    const names = screen.getAllByRole('option').map((o) => o.textContent ?? '');
    expect(names.findIndex((n) => n.includes('sql-sa'))).toBe(1); // moved up: favourites first
    expect(activeOption().textContent).toContain('sql-sa');
    await user.keyboard('{Enter}');
    await flush();
    expect(fake.callsTo('vault:copy')).toEqual([{ vault: 'kv-contoso', name: 'sql-sa' }]);
  });

  it('Esc clears the search first, then closes the popup', async () => {
    const { user, fake } = await renderApp();
    await user.type(combobox(), 'sql');
    await flush();
    await user.keyboard('{Escape}');
    await flush();
    expect(combobox().value).toBe('');
    expect(fake.callsTo('window:hidePopup')).toHaveLength(0);
    await user.keyboard('{Escape}');
    expect(fake.callsTo('window:hidePopup')).toHaveLength(1);
  });

  it('shows the keyboard hints, including the reveal key', async () => {
    await renderApp();
    const hints = screen.getByRole('list', { name: 'Keyboard shortcuts' });
    expect(hints.textContent).toMatch(/Enter copy/);
    expect(hints.textContent).toMatch(/Shift\+Enter or Ctrl\+Enter reveal/);
  });

  it('re-focuses and selects the search text when main asks (global shortcut)', async () => {
    const { user, fake } = await renderApp();
    await user.type(combobox(), 'sql');
    (document.activeElement as HTMLElement).blur();
    fake.emit('ui:focusSearch', {});
    await flush();
    expect(document.activeElement).toBe(combobox());
    expect(combobox().selectionStart).toBe(0);
    expect(combobox().selectionEnd).toBe(3);
  });

  it('with nothing known yet: a vault listed through a standing Reader is said to be empty, not waiting for access', async () => {
    // Before: "JIT Vault learns a vault's secret names the first time you have access to it" — wrong
    // for kv-contoso, which the user lists with a standing Key Vault Reader and which holds nothing.
    const data = demoData();
    data.items = [];
    data.state.vaults = data.state.vaults.map((v) => ({ ...v, itemCount: 0 }));
    await renderApp({ data });
    expect(screen.getByText('No secrets known yet.')).toBeTruthy();
    expect(screen.getByText('Contoso ops and Fabrikam admin hold no secrets yet. Secrets added in Key Vault appear here on the next refresh.')).toBeTruthy();
    expect(screen.queryByText(/first time you have access/)).toBeNull();
    expect(screen.queryByRole('button', { name: 'Open the access window' })).toBeNull();
  });

  it('with nothing known yet: a locked vault whose listing was refused waits for the first access, and points to the access window', async () => {
    const data = demoData();
    data.items = [];
    data.state.vaults = data.state.vaults.map((v) =>
      v.access === 'locked' ? { ...v, itemCount: 0, listing: 'failed' as const, error: { code: 'vault-forbidden-rbac' as const, message: 'refused' } } : { ...v, itemCount: 0 },
    );
    const { user, fake } = await renderApp({ data });
    expect(screen.getByText('Contoso ops holds no secrets yet. Secrets added in Key Vault appear here on the next refresh.')).toBeTruthy();
    expect(screen.getByText(/JIT Vault learns the secret names of Fabrikam admin the first time you have access to it \(a standing Key Vault Reader role shows them at once\)/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Open the access window' }));
    expect(fake.callsTo('window:openMain')).toEqual([{ tab: 'access' }]);
  });

  it('with nothing known yet: no vault configured points to the settings; a listing under way says so; another failure is said as is', async () => {
    expect(emptyCatalogReason([])).toEqual({ kind: 'no-vaults' });
    const base = { name: 'kv-a', access: 'standing' as const, itemCount: 0 };
    expect(emptyCatalogReason([{ ...base, listing: 'listing' }, { ...base, name: 'kv-b', listing: 'listed' }])).toEqual({ kind: 'listing', vaults: ['kv-a'] });
    expect(emptyCatalogReason([{ ...base, listing: 'failed', error: { code: 'network', message: 'Could not reach it.' } }])).toEqual({ kind: 'explained', empty: [], waiting: [], failed: [{ vault: 'kv-a', message: 'Could not reach it.' }] });
    const data = demoData();
    data.items = [];
    data.state.vaults = [];
    const { user, fake } = await renderApp({ data });
    await user.click(screen.getByRole('button', { name: 'Open the settings' }));
    expect(fake.callsTo('window:openMain')).toEqual([{ tab: 'settings' }]);
  });
});
