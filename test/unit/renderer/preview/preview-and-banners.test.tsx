import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { demoData } from '../fake-bridge.js';
import { renderApp } from '../render-app.js';

describe('quick lookup notices at 520×460', () => {
  afterEach(() => {
    cleanup();
    window.location.hash = '';
  });

  it('memory-only mode is one line in the popup (the full explanation in its tooltip), whole in the access window', async () => {
    const data = demoData();
    data.state.keychain = 'unavailable-memory-only';
    data.state.keychainReason = 'No Secret Service answered on D-Bus.';
    await renderApp({ view: 'popup', data });
    const compact = screen.getByRole('note', { name: 'Memory-only mode' });
    expect(compact.textContent).toContain('sign in again after a restart');
    expect(compact.textContent).not.toContain('Nothing is written to disk');
    expect(compact.getAttribute('title')).toContain('No Secret Service answered on D-Bus.');
    cleanup();
    await renderApp({ view: 'main', data });
    expect(screen.getByRole('note', { name: 'Memory-only mode' }).textContent).toContain('Nothing is written to disk');
  });

  it('both popup notices can be hidden, giving their lines back to the results', async () => {
    const data = demoData();
    data.state.keychain = 'unavailable-memory-only';
    const { user } = await renderApp({ view: 'popup', data });
    await user.click(screen.getByRole('button', { name: 'Hide the notice: Demo tenant' }));
    await user.click(screen.getByRole('button', { name: 'Hide the notice: Memory-only mode' }));
    expect(screen.queryByRole('note')).toBeNull();
    expect(screen.getByRole('combobox', { name: /Search secrets/ })).toBeTruthy();
  });

  it('the access window has no hide button: its banners are the full explanation', async () => {
    await renderApp({ view: 'main' });
    expect(screen.getByRole('note', { name: 'Demo tenant' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Hide the notice/ })).toBeNull();
  });
});

describe('browser preview: one page, both windows', () => {
  afterEach(() => {
    cleanup();
    window.location.hash = '';
  });

  it('the access window offers the quick lookup (no tray icon in a browser tab)', async () => {
    const data = demoData();
    data.state.platform = 'browser-preview';
    const { user } = await renderApp({ view: 'main', data });
    const nav = screen.getByRole('navigation', { name: 'Browser preview' });
    expect(nav.textContent).toContain('Ctrl+Shift+K');
    await user.click(screen.getByRole('button', { name: 'Open quick lookup' }));
    expect(window.location.hash).toBe('#view=popup');
  });

  it('the desktop app and the preview popup show no such switch', async () => {
    await renderApp({ view: 'main' });
    expect(screen.queryByRole('navigation', { name: 'Browser preview' })).toBeNull();
    cleanup();
    const data = demoData();
    data.state.platform = 'browser-preview';
    await renderApp({ view: 'popup', data });
    expect(screen.queryByRole('navigation', { name: 'Browser preview' })).toBeNull();
  });
});
