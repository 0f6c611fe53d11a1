import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { demoData, item } from '../fake-bridge.js';
import { flush, renderApp } from '../render-app.js';

const activeOption = () => document.getElementById(screen.getByRole('combobox').getAttribute('aria-activedescendant')!)!;
const count = (text: string, needle: string) => text.split(needle).length - 1;

describe('quick lookup: a disabled secret', () => {
  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it('is badged "Disabled", not "Unlocked", and offers nothing that cannot work (issue 13 bug)', async () => {
    const data = demoData();
    data.items.unshift(item({ vault: 'kv-contoso', vaultDisplayName: 'Contoso ops', customer: 'Contoso', name: 'aaa-old-fileserver', enabled: false }));
    const { user, fake } = await renderApp({ data });
    await user.type(screen.getByRole('combobox'), 'old-file');
    await flush();
    expect(activeOption().textContent).toContain('aaa-old-fileserver');
    expect(activeOption().textContent).toContain('Disabled');
    expect(activeOption().textContent).not.toContain('Unlocked');
    const actions = screen.getByRole('group', { name: 'Actions for aaa-old-fileserver' });
    expect(within(actions).queryByRole('button', { name: /^(Copy|Reveal|Request access)$/ })).toBeNull();
    expect(actions.textContent).toContain('Disabled in Key Vault');
    await user.keyboard('{Enter}');
    await user.keyboard('{Shift>}{Enter}{/Shift}');
    await flush();
    expect(fake.callsTo('vault:copy')).toEqual([]);
    expect(fake.callsTo('vault:reveal')).toEqual([]);
    expect(screen.queryByRole('region', { name: /Request access/ })).toBeNull();
  });

  it('main’s "disabled" refusal is said once, not twice in other words (issue 13 bug)', async () => {
    const { user, fake } = await renderApp();
    fake.fail('vault:copy', 'vault-secret-disabled', 'The secret "ca-admin-password" in vault "kv-contoso" is disabled, so its value cannot be read. Ask the vault owner to enable it, or use another version.');
    await user.keyboard('{Enter}');
    await flush();
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('This secret is disabled');
    expect(alert.textContent).toContain('"ca-admin-password" in vault "kv-contoso" is disabled');
    expect(count(alert.textContent!, 'Ask the vault owner')).toBe(1);
    expect(count(alert.textContent!, 'disabled')).toBe(2); // the title and main's sentence
  });
});
