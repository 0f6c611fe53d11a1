import { beforeEach, describe, expect, it } from 'vitest';
import type { MainViewFocus } from '../../shared/domain/main-view-focus.js';
import { AccessSession } from '../../main/services/session/access-session.js';
import { ElectronNotifier } from '../../main/platform/electron-notifier.js';
import { ElectronPowerEvents } from '../../main/platform/electron-power-events.js';
import { ShortcutManager } from '../../main/platform/global-shortcut.js';
import { acquireSingleInstance } from '../../main/platform/single-instance.js';
import { applySystemSettings } from '../../main/platform/system-settings.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { app, fake, globalShortcut, nativeTheme, Notification, powerMonitor, resetFakeElectron } from './model/electron-model.js';

beforeEach(() => resetFakeElectron());

describe('single instance', () => {
  it('a second instance quits at once and starts nothing', () => {
    fake.app.gotLock = false;
    let shown = 0;
    expect(acquireSingleInstance(app, () => shown++)).toBe(false);
    expect(fake.app.quitCalls).toBe(1);
    expect(fake.app.listenerCount('second-instance')).toBe(0);
  });

  it('the first instance only shows the popup when another launch happens, whatever argv says', () => {
    let shown = 0;
    expect(acquireSingleInstance(app, () => shown++)).toBe(true);
    fake.app.emit('second-instance', {}, ['jit-vault', '--inspect', 'jit-vault://open?x=1', '--remote-debugging-port=9222'], '/tmp', {});
    expect(shown).toBe(1);
    expect(fake.app.quitCalls).toBe(0);
  });
});

describe('power events → lock', () => {
  function session(clock: ManualClock) {
    return new AccessSession({ clock, power: new ElectronPowerEvents(powerMonitor), warnBeforeExpiryMs: 5 * 60_000, idleLockMs: 15 * 60_000 });
  }

  it.each([
    ['lock-screen', 'os-lock'],
    ['suspend', 'suspend'],
    ['shutdown', 'quit'],
  ])('powerMonitor %s locks every vault (%s)', async (event, reason) => {
    const clock = new ManualClock();
    const s = session(clock);
    const locks: { vaults: string[]; reason: string }[] = [];
    s.on('locked', (e) => locks.push({ vaults: e.vaults, reason: e.reason }));
    s.unlock({ vault: 'kv-ops', accountId: 'a', endsAt: clock.now() + 60 * 60_000 });
    s.unlock({ vault: 'kv-standing', accountId: 'a', endsAt: null });
    fake.powerMonitor.emit(event);
    await clock.advance(0);
    expect(locks).toEqual([{ vaults: ['kv-ops', 'kv-standing'], reason }]);
    expect(s.grants()).toEqual([]);
    await s.dispose();
  });

  it('unsubscribes from powerMonitor when the session is disposed', async () => {
    const s = session(new ManualClock());
    expect(fake.powerMonitor.listenerCount('lock-screen')).toBe(1);
    await s.dispose();
    for (const event of ['lock-screen', 'suspend', 'resume', 'shutdown']) expect(fake.powerMonitor.listenerCount(event)).toBe(0);
  });

  it('reports the OS idle time for the idle lock', () => {
    fake.powerMonitor.idle = 912;
    expect(new ElectronPowerEvents(powerMonitor).idleSeconds()).toBe(912);
  });
});

describe('notifications', () => {
  function notifier(platform: NodeJS.Platform) {
    const opened: (MainViewFocus | undefined)[] = [];
    return { opened, notifier: new ElectronNotifier({ Notification, platform, openAccess: (focus) => opened.push(focus) }) };
  }

  it.each([
    ['approval-needed', 'Waiting for approval'],
    ['approval-granted', 'Access request approved'],
    ['ready', 'Access ready'],
    ['locked', 'JIT Vault locked'],
  ] as const)('shows %s with its title and body', (kind, title) => {
    const { notifier: n } = notifier('linux');
    n.notify({ kind, title, body: 'body text' });
    expect(Notification.shown.map((s) => s.options)).toEqual([expect.objectContaining({ title, body: 'body text' })]);
  });

  it('expiring soon carries an Extend button on macOS and Windows; Extend and click open the access window', () => {
    for (const platform of ['darwin', 'win32'] as const) {
      resetFakeElectron();
      const { notifier: n, opened } = notifier(platform);
      n.notify({ kind: 'expiring-soon', title: 'Access to kv-ops ends soon', body: 'in 5 minutes', action: { id: 'extend', label: 'Extend', groupId: 'g-1' } });
      const shown = Notification.shown[0]!;
      expect(shown.options.actions).toEqual([{ type: 'button', text: 'Extend' }]);
      shown.emit('action', { actionIndex: 0 }, 0);
      shown.emit('click');
      // The access window, where Extend asks for its justification and duration.
      expect(opened).toEqual([undefined, undefined]);
    }
  });

  it('Linux has no notification buttons: no actions, a click still opens the access window', () => {
    const { notifier: n, opened } = notifier('linux');
    n.notify({ kind: 'expiring-soon', title: 't', body: 'b', action: { id: 'extend', label: 'Extend', groupId: 'g-2' } });
    expect(Notification.shown[0]!.options.actions).toBeUndefined();
    Notification.shown[0]!.emit('click');
    expect(opened).toEqual([undefined]);
  });

  const approvalNeeded = { kind: 'approval-needed', title: 'Alex Moreno asks for PIM-Helpdesk-Servers', body: 'Reset DC01. Open JIT Vault to approve or deny.', action: { id: 'open', label: 'Review' }, approval: { requestId: 'req-7' } } as const;

  it('a request to approve offers Approve and Deny on macOS and Windows; each opens that request in the approvals panel with the decision picked, never deciding by itself', () => {
    for (const platform of ['darwin', 'win32'] as const) {
      resetFakeElectron();
      const { notifier: n, opened } = notifier(platform);
      n.notify(approvalNeeded);
      const shown = Notification.shown[0]!;
      expect(shown.options.actions).toEqual([
        { type: 'button', text: 'Approve' },
        { type: 'button', text: 'Deny' },
      ]);
      shown.emit('action', { actionIndex: 1 }, 1);
      shown.emit('action', { actionIndex: 0 }, 0);
      shown.emit('click');
      expect(opened).toEqual([
        { section: 'approvals', requestId: 'req-7', decision: 'Deny' },
        { section: 'approvals', requestId: 'req-7', decision: 'Approve' },
        { section: 'approvals', requestId: 'req-7' },
      ]);
    }
  });

  it('Linux: a request to approve has no buttons; a click opens it in the approvals panel', () => {
    const { notifier: n, opened } = notifier('linux');
    n.notify(approvalNeeded);
    expect(Notification.shown[0]!.options.actions).toBeUndefined();
    Notification.shown[0]!.emit('click');
    expect(opened).toEqual([{ section: 'approvals', requestId: 'req-7' }]);
  });

  it('shows nothing where the OS has no notifications', () => {
    Notification.supported = false;
    notifier('linux').notifier.notify({ kind: 'ready', title: 't', body: 'b' });
    expect(Notification.shown).toEqual([]);
  });
});

describe('global shortcut', () => {
  it('registers, re-registers on change (releasing the old one) and opens the popup when pressed', () => {
    let pressed = 0;
    const manager = new ShortcutManager(globalShortcut, () => pressed++);
    expect(manager.apply('CommandOrControl+Shift+K')).toEqual({ ok: true, accelerator: 'CommandOrControl+Shift+K' });
    expect(manager.apply('Alt+Space')).toEqual({ ok: true, accelerator: 'Alt+Space' });
    expect([...fake.globalShortcut.registered.keys()]).toEqual(['Alt+Space']);
    fake.globalShortcut.registered.get('Alt+Space')!();
    expect(pressed).toBe(1);
  });

  it('says clearly when the combination is taken or not understood', () => {
    fake.globalShortcut.taken.add('Control+Shift+V');
    const manager = new ShortcutManager(globalShortcut, () => undefined);
    const taken = manager.apply('Control+Shift+V');
    expect(taken).toMatchObject({ ok: false, message: expect.stringMatching(/already used by another application/) });
    expect(manager.apply('Ctrl+Shift+?!')).toMatchObject({ ok: false, message: expect.stringMatching(/not a shortcut JIT Vault understands/) });
    expect(manager.current).toBeUndefined();
    manager.apply('Alt+K');
    manager.release();
    expect(fake.globalShortcut.registered.size).toBe(0);
  });
});

describe('start at login and theme', () => {
  it('registers the login item only for an installed app on macOS/Windows; the theme everywhere', () => {
    const deps = { app, nativeTheme, platform: 'win32' as NodeJS.Platform };
    applySystemSettings(deps, { startAtLogin: true, theme: 'dark' });
    expect(fake.app.loginItem).toBeUndefined(); // development run: not packaged
    expect(nativeTheme.themeSource).toBe('dark');
    fake.app.isPackaged = true;
    applySystemSettings(deps, { startAtLogin: true, theme: 'system' });
    expect(fake.app.loginItem).toEqual({ openAtLogin: true });
    applySystemSettings({ ...deps, platform: 'linux' }, { startAtLogin: false, theme: 'light' });
    expect(fake.app.loginItem).toEqual({ openAtLogin: true });
    expect(nativeTheme.themeSource).toBe('light');
  });
});
