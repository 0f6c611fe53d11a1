import { cleanup, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { advance, flush, renderApp } from '../render-app.js';
import { demoData, SECRET_CANARY } from '../fake-bridge.js';

const VALUE = `${SECRET_CANARY}kv-contoso-router-root`;

async function revealRouterRoot(keys = '{Shift>}{Enter}{/Shift}', view: Parameters<typeof renderApp>[0] = {}) {
  const rendered = await renderApp(view);
  await rendered.user.keyboard('{ArrowDown}{ArrowDown}');
  await rendered.user.keyboard(keys);
  await flush();
  return rendered;
}

function revealedField(): HTMLInputElement | null {
  return screen.queryByRole('textbox', { name: /router-root/ }) as HTMLInputElement | null;
}

describe('quick lookup: reveal', () => {
  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it('Shift+Enter reveals in a monospace read-only field with a countdown, then auto-hides and drops the value', async () => {
    const { fake, services } = await revealRouterRoot();
    expect(fake.callsTo('vault:reveal')).toEqual([{ vault: 'kv-contoso', name: 'router-root' }]);
    const field = revealedField()!;
    expect(field.value).toBe(VALUE);
    expect(field.readOnly).toBe(true);
    expect(field.className).toContain('mono');
    expect(screen.getByRole('timer').textContent).toContain('0:10');
    await advance(4_000);
    expect(screen.getByRole('timer').textContent).toContain('0:06');
    expect(document.body.innerHTML).toContain(VALUE);
    await advance(6_500);
    expect(revealedField()).toBeNull();
    expect(document.body.innerHTML).not.toContain(SECRET_CANARY);
    expect(services.secrets.getState().revealed).toBeNull();
  });

  it('Ctrl+Enter reveals too (the second key)', async () => {
    const { fake } = await revealRouterRoot('{Control>}{Enter}{/Control}');
    expect(fake.callsTo('vault:reveal')).toHaveLength(1);
    expect(revealedField()?.value).toBe(VALUE);
  });

  it('never keeps a value longer than the reveal setting, even if main’s hideAt is later', async () => {
    const data = demoData();
    const rendered = await renderApp({ data });
    rendered.fake.handle('vault:reveal', ({ vault, name }) => ({ value: data.secretValue(vault, name), hideAt: Date.now() + 3_600_000 }));
    await rendered.user.keyboard('{ArrowDown}{ArrowDown}{Shift>}{Enter}{/Shift}');
    await flush();
    expect(revealedField()).not.toBeNull();
    await advance(10_100);
    expect(revealedField()).toBeNull();
  });

  it('Esc hides the value before it clears the search or closes', async () => {
    const { user, fake } = await revealRouterRoot();
    await user.keyboard('{Escape}');
    await flush();
    expect(revealedField()).toBeNull();
    expect(document.body.innerHTML).not.toContain(SECRET_CANARY);
    expect(fake.callsTo('window:hidePopup')).toHaveLength(0);
  });

  it('a session:locked event purges the revealed value from state and DOM and shows the lock view', async () => {
    const { fake, services } = await revealRouterRoot();
    expect(document.body.innerHTML).toContain(VALUE);
    fake.emit('session:locked', { vaults: ['kv-contoso'], reason: 'os-lock', at: Date.now() });
    await flush();
    expect(document.body.innerHTML).not.toContain(SECRET_CANARY);
    expect(services.secrets.getState().revealed).toBeNull();
    expect(screen.getByRole('heading', { name: /Locked/ })).toBeTruthy();
    expect(screen.getByText('Your computer was locked.')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Continue' }));
  });

  it('a reveal answer arriving after a lock is dropped unseen', async () => {
    const rendered = await renderApp();
    let release: (() => void) | undefined;
    rendered.fake.handle('vault:reveal', ({ vault, name }) => new Promise((resolve) => (release = () => resolve({ value: `${SECRET_CANARY}${vault}-${name}`, hideAt: Date.now() + 10_000 }))));
    await rendered.user.keyboard('{ArrowDown}{ArrowDown}{Shift>}{Enter}{/Shift}');
    await flush();
    rendered.fake.emit('session:locked', { vaults: [], reason: 'idle', at: Date.now() });
    release!();
    await flush();
    expect(document.body.innerHTML).not.toContain(SECRET_CANARY);
    expect(rendered.services.secrets.getState().revealed).toBeNull();
  });

  it('hides when the popup window is hidden', async () => {
    await revealRouterRoot();
    const visibility = vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
    document.dispatchEvent(new Event('visibilitychange'));
    await flush();
    visibility.mockRestore();
    expect(revealedField()).toBeNull();
  });

  it('large type shows each character numbered, and goes with the value', async () => {
    const { user } = await revealRouterRoot();
    await user.click(screen.getByRole('button', { name: 'Large type' }));
    expect(screen.getByRole('button', { name: 'Large type' }).getAttribute('aria-pressed')).toBe('true');
    const cells = document.querySelectorAll('.large-type .lt-cell');
    expect(cells).toHaveLength(VALUE.length);
    expect(cells[0]!.textContent).toBe(`${VALUE[0]}1`);
    await user.click(screen.getByRole('button', { name: 'Hide' }));
    expect(document.querySelector('.large-type')).toBeNull();
  });

  it('respects a policy that turns reveal off: no reveal key, no reveal call', async () => {
    const data = demoData();
    data.state.policyEnforced = ['reveal'];
    const { user, fake } = await renderApp({ data });
    expect(screen.getByRole('list', { name: 'Keyboard shortcuts' }).textContent).not.toMatch(/reveal/);
    await user.keyboard('{ArrowDown}{ArrowDown}{Shift>}{Enter}{/Shift}');
    await flush();
    expect(fake.callsTo('vault:reveal')).toHaveLength(0);
    expect(screen.queryByRole('button', { name: 'Reveal' })).toBeNull();
  });
});
