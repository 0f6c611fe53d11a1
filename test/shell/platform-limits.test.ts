import { beforeEach, describe, expect, it } from 'vitest';
import { capabilitiesOf, detectDesktop } from '../../main/platform/desktop-environment.js';
import { ElectronNotifier } from '../../main/platform/electron-notifier.js';
import { ElectronPowerEvents, LOCK_POLL_MS } from '../../main/platform/electron-power-events.js';
import { Shutdown } from '../../main/platform/shutdown.js';
import { parseNameHasOwner } from '../../main/platform/tray-host.js';
import type { PowerEvent } from '../../main/services/ports/power-events.js';
import { IdleMonitor } from '../../main/services/session/idle-monitor.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { fake, Notification, powerMonitor, resetFakeElectron } from './model/electron-model.js';
import { PROFILES } from './model/platform-profiles.js';

/**
 * The platform adapters on every profile's documented limits: the OS screen lock and idle reach
 * the session on each desktop, notifications degrade visibly, quit cannot hang.
 */
describe.each(PROFILES)('on $name', (profile) => {
  beforeEach(() => resetFakeElectron(profile));

  it("the OS screen lock reaches the session (Linux: getSystemIdleState polling, there is no 'lock-screen' event)", async () => {
    const clock = new ManualClock();
    const events: PowerEvent[] = [];
    const off = new ElectronPowerEvents(powerMonitor, { platform: profile.platform, clock }).on('power', (e) => events.push(e));
    fake.powerMonitor.lockScreen();
    await clock.advance(LOCK_POLL_MS);
    expect(events).toEqual(['lock-screen']); // once, not again on every poll
    await clock.advance(LOCK_POLL_MS * 3);
    expect(events).toEqual(['lock-screen']);
    off();
  });

  it('idle locks on every desktop, also where the OS idle time is stuck at 0 (electron/electron#34826)', async () => {
    const clock = new ManualClock();
    const power = new ElectronPowerEvents(powerMonitor, { platform: profile.platform, clock });
    let locked = false;
    const idle = new IdleMonitor(clock, 5 * 60_000, power, () => (locked = true));
    idle.start();
    // Nobody touches anything: the OS counts idle seconds (where it can), in-app activity stops.
    for (let minute = 1; minute <= 6 && !locked; minute++) {
      fake.powerMonitor.idle = minute * 60;
      await clock.advance(60_000);
    }
    expect(locked).toBe(true);
    idle.stop();
  });

  it('a refused notification is said once in the app; Windows hears Action Center clicks after the object is gone', async () => {
    const opened: unknown[] = [];
    let undelivered = 0;
    const notifier = new ElectronNotifier({ Notification, platform: profile.platform, openAccess: (g) => opened.push(g), onUndelivered: () => undelivered++ });
    notifier.notify({ kind: 'expiring-soon', title: 'Access ends soon', body: 'kv-prod in 5 minutes' });
    notifier.notify({ kind: 'locked', title: 'Locked', body: 'kv-prod' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(undelivered).toBe(profile.notificationsShow.value ? 0 : 1);
    if (profile.notificationActivation.value) {
      Notification.activationHandler!({ type: 'click' } as never);
      expect(opened).toEqual([undefined]);
    }
  });

  it('the desktop is recognised from its session variables', () => {
    const caps = capabilitiesOf(detectDesktop(profile.platform, profile.env));
    expect(caps.quickLookup).toBe(profile.windowPlacement.value ? 'tray-popup' : 'window');
    expect(caps.lockSignal).toBe(profile.lockScreenEvent.value ? 'lock-screen-event' : 'idle-state-poll');
    expect(caps.contentProtection).toBe(profile.contentProtection.value);
    expect(caps.sessionEndEvents).toBe(profile.sessionEndEvents.value);
  });
});

describe('quit cannot hang', () => {
  it('a step that never settles is cut off at its timeout, later steps still run, the tray goes last', async () => {
    const clock = new ManualClock();
    const order: string[] = [];
    const shutdown = new Shutdown({
      clock,
      stepTimeoutMs: 3_000,
      totalTimeoutMs: 6_000,
      steps: () => [
        { name: 'lock', run: () => void order.push('lock') },
        { name: 'clipboard', run: () => new Promise(() => order.push('clipboard (hangs)')) },
        { name: 'journal', run: () => void order.push('journal') },
      ],
      last: () => void order.push('tray'),
    });
    const done = shutdown.run();
    expect(shutdown.run()).toBe(done); // a second quit (or session-end) joins the first
    await clock.advance(3_000);
    const report = await done;
    expect(order).toEqual(['lock', 'clipboard (hangs)', 'journal', 'tray']);
    expect(report.steps.map((s) => s.outcome)).toEqual(['done', 'timed-out', 'done', 'done']);
  });

  it('the overall budget skips what is left but still removes the tray', async () => {
    const clock = new ManualClock();
    const hang = () => new Promise(() => undefined);
    const shutdown = new Shutdown({ clock, stepTimeoutMs: 3_000, totalTimeoutMs: 4_000, steps: () => [{ name: 'a', run: hang }, { name: 'b', run: hang }, { name: 'c', run: hang }], last: () => undefined });
    const done = shutdown.run();
    await clock.advance(3_000);
    await clock.advance(1_000);
    expect((await done).steps.map((s) => s.outcome)).toEqual(['timed-out', 'timed-out', 'skipped', 'done']);
  });
});

describe('tray host probe', () => {
  it('reads dbus-send NameHasOwner replies', () => {
    expect(parseNameHasOwner('   boolean true\n')).toBe(true);
    expect(parseNameHasOwner('   boolean false\n')).toBe(false);
    expect(parseNameHasOwner('Error org.freedesktop.DBus.Error.ServiceUnknown')).toBeUndefined();
  });
});
