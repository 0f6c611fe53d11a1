import { beforeEach, describe, expect, it } from 'vitest';
import type { ActivationPhase } from '../../main/services/pim/pim.types.js';
import { TrayController, type TraySource } from '../../main/platform/tray-controller.js';
import { describeTray } from '../../main/platform/tray-state.js';
import { trayIconPixels } from '../../main/platform/tray-icons.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { app, fake, Menu, nativeImage, resetFakeElectron, Tray, type FakeMenuItem } from './model/electron-model.js';
import { linuxKdeX11, macos } from './model/platform-profiles.js';

const MIN = 60_000;
const time = (ms: number) => new Date(ms).toISOString().slice(11, 16);

/** A core stand-in whose session and PIM events the test fires. */
class FakeSource implements TraySource {
  grantsNow: { vault: string; endsAt: number | null }[] = [];
  restored: { requestId: string; history: { phase: ActivationPhase }[] }[] = [];
  private sessionListeners: (() => void)[] = [];
  private pimListeners: ((e: { requestId: string; phase: ActivationPhase }) => void)[] = [];
  session = {
    grants: () => this.grantsNow,
    on: (_event: string, listener: () => void) => {
      this.sessionListeners.push(listener);
      return () => undefined;
    },
  };
  pim = {
    on: (_event: 'activation', listener: (e: { requestId: string; phase: ActivationPhase }) => void) => {
      this.pimListeners.push(listener);
      return () => undefined;
    },
  };
  pendingRequests = async () => this.restored;
  /** The approver's inbox: its count and the 'inbox' event. */
  toApprove = 0;
  private inboxListeners: (() => void)[] = [];
  approvals = ((self: FakeSource) => ({
    get pendingCount(): number {
      return self.toApprove;
    },
    on: (_event: 'inbox', listener: () => void) => {
      self.inboxListeners.push(listener);
      return () => undefined;
    },
  }))(this);
  inbox(count: number): void {
    this.toApprove = count;
    for (const l of this.inboxListeners) l();
  }
  sessionEvent(): void {
    for (const l of this.sessionListeners) l();
  }
  activation(requestId: string, phase: ActivationPhase): void {
    for (const l of this.pimListeners) l({ requestId, phase });
  }
}

function setUp(platform: NodeJS.Platform = 'win32') {
  const clock = new ManualClock();
  const source = new FakeSource();
  const actions: string[] = [];
  const controller = new TrayController({
    Tray,
    Menu,
    nativeImage,
    clock,
    platform,
    app,
    source,
    warnBeforeMs: () => 5 * MIN,
    formatTime: time,
    actions: {
      togglePopup: (bounds) => actions.push(`toggle@${bounds.x},${bounds.y}`),
      openMain: () => actions.push('open'),
      lockNow: () => actions.push('lock'),
      signOut: () => actions.push('sign-out'),
      quit: () => actions.push('quit'),
    },
  });
  return { clock, source, actions, controller };
}

beforeEach(() => resetFakeElectron());

describe('tray state and tooltip', () => {
  it('starts locked, turns unlocked with a grant, expiring inside the warning window, locked again after a lock', async () => {
    const { clock, source, controller } = setUp();
    await controller.start();
    const tray = Tray.instances[0]!;
    const lockedIcon = tray.image;
    expect(controller.view?.state).toBe('locked');
    expect(tray.tooltip).toBe('JIT Vault\nLocked');

    source.grantsNow = [{ vault: 'kv-ops', endsAt: clock.now() + 30 * MIN }];
    source.sessionEvent();
    expect(controller.view?.state).toBe('unlocked');
    expect(tray.image).not.toBe(lockedIcon);
    expect(tray.tooltip).toBe(`JIT Vault\n1 vault unlocked\nNext expiry: kv-ops at ${time(clock.now() + 30 * MIN)} (in 30 min)`);

    // No event needed: the 30-second tick notices the warning window.
    await clock.advance(25 * MIN + 30_000);
    expect(controller.view?.state).toBe('expiring');
    expect(tray.tooltip).toContain('(in 5 min)');

    source.grantsNow = [];
    source.sessionEvent();
    expect(controller.view?.state).toBe('locked');
    expect(tray.image).toBe(lockedIcon);
  });

  it('shows pending while a request waits, counting approvals, and back when it ends', async () => {
    const { source, controller } = setUp();
    await controller.start();
    source.activation('r1', 'PendingApproval');
    expect(controller.view?.state).toBe('pending');
    expect(Tray.instances[0]!.tooltip).toContain('1 request waiting for approval');
    source.activation('r1', 'Propagating');
    expect(Tray.instances[0]!.tooltip).toContain('1 request in progress');
    source.activation('r1', 'Ready');
    expect(controller.view?.state).toBe('locked');
  });

  it('restores requests followed before this run, unless they already ended', async () => {
    const { source, controller } = setUp();
    source.restored = [
      { requestId: 'old-1', history: [{ phase: 'PendingApproval' }] },
      { requestId: 'old-2', history: [{ phase: 'Denied' }] },
    ];
    await controller.start();
    expect(controller.view?.state).toBe('pending');
    expect(Tray.instances[0]!.tooltip).toContain('1 request waiting for approval');
  });

  it('names the earliest expiry among several vaults and ignores standing access for it', () => {
    const now = Date.UTC(2025, 0, 6, 9, 0);
    const view = describeTray({
      grants: [
        { vault: 'kv-standing', endsAt: null },
        { vault: 'kv-late', endsAt: now + 120 * MIN },
        { vault: 'kv-soon', endsAt: now + 61 * MIN },
      ],
      openRequests: 0,
      awaitingApproval: 0,
      now,
      warnBeforeMs: 5 * MIN,
      formatTime: time,
    });
    expect(view).toMatchObject({ state: 'unlocked', nextExpiry: { vault: 'kv-soon', endsAt: now + 61 * MIN } });
    expect(view.tooltip).toBe('JIT Vault\n3 vaults unlocked\nNext expiry: kv-soon at 10:01 (in 1 h 1 min)');
  });

  it('keeps the tooltip within the 127 characters Windows shows', () => {
    const view = describeTray({ grants: [{ vault: 'k'.repeat(120), endsAt: 10 * MIN }], openRequests: 3, awaitingApproval: 2, now: 0, warnBeforeMs: MIN, formatTime: time });
    expect(view.tooltip.length).toBeLessThanOrEqual(127);
  });

  it('draws four different icons', () => {
    const icons = (['locked', 'unlocked', 'pending', 'expiring'] as const).map((s) => Buffer.from(trayIconPixels(s, 32)).toString('hex'));
    expect(new Set(icons).size).toBe(4);
  });
});

describe('the approver\'s count as a number where the OS has one', () => {
  it('macOS: beside the tray icon in the menu bar, cleared at zero (a tray app has no Dock icon to badge)', async () => {
    resetFakeElectron(macos);
    const { source, controller } = setUp('darwin');
    await controller.start();
    const tray = Tray.instances[0]!;
    expect(tray.title).toBe('');
    source.inbox(3);
    expect(tray.title).toBe('3');
    expect(tray.tooltip).toContain('3 requests for you to approve');
    expect(controller.view?.state).toBe('pending');
    source.inbox(0);
    expect(tray.title).toBe('');
    expect(fake.app.badgeCount).toBe(0);
  });

  it('Linux: app.setBadgeCount for docks and taskbars that show launcher counts; cleared when the tray goes', async () => {
    resetFakeElectron(linuxKdeX11);
    const { source, controller } = setUp('linux');
    await controller.start();
    source.inbox(2);
    expect(fake.app.badgeCount).toBe(2);
    expect(Tray.instances[0]!.title).toBe('');
    source.inbox(1);
    expect(fake.app.badgeCount).toBe(1);
    controller.dispose();
    expect(fake.app.badgeCount).toBe(0);
  });

  it('Windows: no number (no badge in the notification area); the tooltip carries the count', async () => {
    const { source, controller } = setUp('win32');
    await controller.start();
    source.inbox(4);
    expect(fake.app.badgeCount).toBe(0);
    expect(Tray.instances[0]!.title).toBe('');
    expect(Tray.instances[0]!.tooltip).toContain('4 requests for you to approve');
  });
});

describe('tray interaction', () => {
  const entries = (menu: unknown) => (menu as { items: FakeMenuItem[] }).items.filter((i) => i.type !== 'separator');

  it.each(['win32', 'darwin'] as const)('%s: left click toggles the popup at the tray bounds; right click shows Open, Lock now, Sign out, Quit', async (platform) => {
    const { controller, actions } = setUp(platform);
    await controller.start();
    const tray = Tray.instances[0]!;
    expect(tray.menu).toBeUndefined(); // setContextMenu would take the left click on macOS
    tray.emit('click');
    tray.emit('right-click');
    const items = entries(tray.poppedUp[0]);
    expect(items.map((i) => i.label)).toEqual(['Open JIT Vault', 'Lock now', 'Sign out', 'Quit']);
    for (const item of items) item.click!();
    expect(actions).toEqual(['toggle@1800,1050', 'open', 'lock', 'sign-out', 'quit']);
  });

  it('linux: the menu is the indicator\'s (clicks are swallowed there) and starts with Quick lookup at the pointer', async () => {
    const { controller, actions } = setUp('linux');
    await controller.start();
    const items = entries(Tray.instances[0]!.menu);
    expect(items.map((i) => i.label)).toEqual(['Quick lookup', 'Open JIT Vault', 'Lock now', 'Sign out', 'Quit']);
    items[0]!.click!();
    expect(actions).toEqual(['toggle@0,0']);
  });

  it('dispose removes the icon', async () => {
    const { controller } = setUp();
    await controller.start();
    controller.dispose();
    expect(Tray.instances[0]!.destroyed).toBe(true);
  });
});
