import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { demoData } from '../fake-bridge.js';
import { advance, flush, renderApp } from '../render-app.js';

/** The demo data with tag fields on router-root (SSH) and a TOTP item. */
function data() {
  const d = demoData();
  const router = d.items.find((i) => i.name === 'router-root')!;
  router.fields = { username: 'admin', host: 'rtr-01', url: 'https://rtr-01/', notes: 'Core router', connect: 'ssh' };
  d.items.push({ ...router, key: 'kv-contoso/vendor-mfa', name: 'vendor-mfa', favourite: false, fields: { totp: true, username: 'ops@contoso.example' } });
  return d;
}

function select(name: string) {
  return async (user: Awaited<ReturnType<typeof renderApp>>['user']) => {
    await user.type(screen.getByRole('combobox', { name: /search secrets/i }), name);
    await flush();
  };
}

describe('quick lookup: username, links, TOTP, customer', () => {
  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it('shows how many versions the selected secret has, once main knows it', async () => {
    const d = data();
    d.items.find((i) => i.name === 'sql-sa')!.versions = 3;
    const { user } = await renderApp({ data: d });
    await select('sql-sa')(user);
    expect(screen.getByRole('region', { name: 'Details of sql-sa' }).textContent).toContain('3 versions');
    await user.clear(screen.getByRole('combobox', { name: /search secrets/i }));
    await select('router-root')(user);
    expect(screen.getByRole('region', { name: 'Details of router-root' }).textContent).not.toContain('version');
  });

  it('shows the tag fields of the selected item; Ctrl+B copies its username; Open URL / Connect go through main', async () => {
    const { user, fake } = await renderApp({ data: data() });
    await select('router-root')(user);
    const details = screen.getByRole('region', { name: 'Details of router-root' });
    expect(details.textContent).toMatch(/Contoso.*Username\s*admin.*Host\s*rtr-01.*URL\s*https:\/\/rtr-01\/.*Notes\s*Core router/);
    await user.keyboard('{Control>}b{/Control}');
    await flush();
    expect(fake.callsTo('vault:copyUsername')).toEqual([{ vault: 'kv-contoso', name: 'router-root' }]);
    expect(document.querySelector('.clipboard-status')!.textContent).toMatch(/Copied the username of router-root\s*Contoso/);
    const actions = screen.getByRole('group', { name: 'Actions for router-root' });
    await user.click(within(actions).getByRole('button', { name: 'Open URL' }));
    await user.click(within(actions).getByRole('button', { name: 'Connect (SSH)' }));
    await flush();
    expect(fake.callsTo('vault:openLink')).toEqual([
      { vault: 'kv-contoso', name: 'router-root', target: 'url' },
      { vault: 'kv-contoso', name: 'router-root', target: 'connect' },
    ]);
  });

  it('a TOTP item: reveal shows the code with its countdown and the customer; Enter copies (main copies the code)', async () => {
    const { user, fake } = await renderApp({ data: data() });
    await select('vendor-mfa')(user);
    await user.keyboard('{Shift>}{Enter}{/Shift}');
    await flush();
    const panel = screen.getByRole('region', { name: 'One-time code of vendor-mfa' });
    expect(panel.textContent).toContain('492 039');
    expect(panel.textContent).toContain('Contoso');
    expect(within(panel).getByRole('timer').textContent).toMatch(/New code in 0:\d\d/);
    expect(fake.callsTo('vault:totp')).toEqual([{ vault: 'kv-contoso', name: 'vendor-mfa' }]);
    expect(fake.callsTo('vault:reveal')).toEqual([]);
    await user.keyboard('{Escape}');
    await advance(10);
    expect(screen.queryByRole('region', { name: 'One-time code of vendor-mfa' })).toBeNull();
    await user.keyboard('{Enter}');
    await flush();
    expect(fake.callsTo('vault:copy')).toEqual([{ vault: 'kv-contoso', name: 'vendor-mfa' }]);
  });
});
