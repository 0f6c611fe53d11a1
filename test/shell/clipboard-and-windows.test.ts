import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ContentProtection } from '../../main/platform/content-protection.js';
import { concealedFormats, ElectronClipboard, osFormat } from '../../main/platform/electron-clipboard.js';
import { MainWindowController } from '../../main/platform/main-window.js';
import { popupPosition } from '../../main/platform/popup-position.js';
import { QuickLookupPopup } from '../../main/platform/quick-lookup-popup.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { BrowserWindow, clipboard, ClipboardItem, fake, FakeEvent, resetFakeElectron, screen } from './model/electron-model.js';

beforeEach(() => resetFakeElectron());

async function bytes(value: string | Blob | undefined): Promise<number[] | string | undefined> {
  return value instanceof Blob ? [...new Uint8Array(await value.arrayBuffer())] : value;
}

describe('concealed clipboard writes', () => {
  it.each([
    [
      'win32',
      {
        'electron application/osclipboard;format="ExcludeClipboardContentFromMonitorProcessing"': [1, 0, 0, 0],
        'electron application/osclipboard;format="CanIncludeInClipboardHistory"': [0, 0, 0, 0],
        'electron application/osclipboard;format="CanUploadToCloudClipboard"': [0, 0, 0, 0],
      },
    ],
    ['darwin', { 'electron application/osclipboard;format="org.nspasteboard.ConcealedType"': '', 'electron application/osclipboard;format="org.nspasteboard.TransientType"': '' }],
    ['linux', { 'electron application/osclipboard;format="x-kde-passwordManagerHint"': 'secret' }],
  ] as const)('%s: ONE write of ONE item with the text and exactly the OS markers', async (platform, markers) => {
    const adapter = new ElectronClipboard({ clipboard, ClipboardItem, platform });
    await adapter.writeText('Pa55-w0rd!', { concealed: true });
    expect(fake.clipboard.items).toHaveLength(1);
    const { items } = fake.clipboard.items[0]!;
    const written: Record<string, unknown> = {};
    for (const [type, value] of Object.entries(items)) written[type] = await bytes(value);
    expect(written).toEqual({ 'text/plain': 'Pa55-w0rd!', ...markers });
    expect(await adapter.readText()).toBe('Pa55-w0rd!');
  });

  it('names raw formats the way Electron ≥ 44 expects', () => {
    expect(osFormat('x-kde-passwordManagerHint')).toBe('electron application/osclipboard;format="x-kde-passwordManagerHint"');
    expect(Object.keys(concealedFormats('freebsd'))).toEqual([osFormat('x-kde-passwordManagerHint')]);
  });

  it('a non-concealed write is plain text; clear empties the clipboard', async () => {
    const adapter = new ElectronClipboard({ clipboard, ClipboardItem, platform: 'linux' });
    await adapter.writeText('hello', { concealed: false });
    expect(fake.clipboard.items[0]!.types).toEqual(['text/plain']);
    adapter.clear();
    expect(await adapter.readText()).toBe('');
  });

  it('when the OS refuses a marker the value is still copied (plain), and the log names no value', async () => {
    const logged: string[] = [];
    const logger = { info: () => undefined, warn: (m: string, f?: object) => void logged.push(m + JSON.stringify(f)), error: () => undefined, debug: () => undefined };
    fake.clipboard.failWrite = true;
    const adapter = new ElectronClipboard({ clipboard, ClipboardItem, platform: 'win32', logger });
    await adapter.writeText('Pa55-w0rd!', { concealed: true });
    expect(await adapter.readText()).toBe('Pa55-w0rd!');
    expect(logged).toHaveLength(1);
    expect(logged.join()).not.toContain('Pa55');
  });
});

describe('quick-lookup popup', () => {
  function popup(clock = new ManualClock()) {
    let shown = 0;
    const controller = new QuickLookupPopup({ create: () => new BrowserWindow({ width: 520, height: 460 }), screen, clock, onShown: () => shown++ });
    return { controller, clock, shown: () => shown };
  }

  it('opens next to the tray icon on the popup view, focused, and says so once its page has loaded', async () => {
    const { controller, shown } = popup();
    controller.toggle({ x: 1800, y: 1050, width: 24, height: 24 });
    const window = BrowserWindow.instances[0]!;
    expect(window.loaded).toEqual(['app://jit-vault/index.html?view=popup']);
    expect(window.visible && window.focused).toBe(true);
    expect(window.position).toEqual([1400, 580]); // above a bottom taskbar, clamped into the work area
    // A message sent while the page loads is lost: 'ui:focusSearch' waits for did-finish-load.
    expect(shown()).toBe(0);
    await vi.waitFor(() => expect(shown()).toBe(1));
    controller.hide();
    controller.show();
    expect(shown()).toBe(2); // loaded now: at once
  });

  it('hides on blur, and the tray click that caused the blur does not re-open it', async () => {
    const { controller, clock } = popup();
    controller.toggle({ x: 1800, y: 1050, width: 24, height: 24 });
    const window = BrowserWindow.instances[0]!;
    window.emit('blur');
    expect(window.visible).toBe(false);
    controller.toggle({ x: 1800, y: 1050, width: 24, height: 24 });
    expect(window.visible).toBe(false);
    await clock.advance(1000);
    controller.toggle({ x: 1800, y: 1050, width: 24, height: 24 });
    expect(window.visible).toBe(true);
    controller.toggle();
    expect(window.visible).toBe(false);
    expect(BrowserWindow.instances).toHaveLength(1);
  });

  it('opens at the pointer when the tray has no bounds (Linux) or for the shortcut', () => {
    fake.cursor = { x: 300, y: 200 };
    const { controller } = popup();
    controller.show({ x: 0, y: 0, width: 0, height: 0 });
    expect(BrowserWindow.instances[0]!.position).toEqual([40, 208]);
  });

  it('placement follows the taskbar edge', () => {
    const workArea = { x: 0, y: 25, width: 1440, height: 875 };
    const size = { width: 400, height: 300 };
    expect(popupPosition({ anchor: { x: 1200, y: 0, width: 22, height: 22 }, workArea, size })).toEqual({ x: 1011, y: 30 }); // macOS menu bar
    expect(popupPosition({ anchor: { x: 0, y: 600, width: 40, height: 40 }, workArea: { x: 48, y: 0, width: 1392, height: 900 }, size })).toEqual({ x: 48, y: 470 }); // left taskbar
  });
});

describe('main window', () => {
  it('is created once on the main view, hides instead of closing, and closes for real when quitting', () => {
    let quitting = false;
    const controller = new MainWindowController({ create: () => new BrowserWindow({}), isQuitting: () => quitting });
    controller.open();
    const window = BrowserWindow.instances[0]!;
    expect(window.loaded).toEqual(['app://jit-vault/index.html?view=main']);
    window.emit('ready-to-show');
    expect(window.visible).toBe(true);
    window.close();
    expect(window.destroyed).toBe(false);
    expect(window.visible).toBe(false);
    controller.open('settings');
    expect(window.loaded.at(-1)).toBe('app://jit-vault/index.html?view=main#tab=settings');
    // The quick lookup's and a notification's way to one request in the approvals panel.
    controller.open('access', { section: 'approvals', requestId: 'req 7/x', decision: 'Deny' });
    expect(window.loaded.at(-1)).toBe('app://jit-vault/index.html?view=main#tab=access&section=approvals&request=req+7%2Fx&decision=Deny');
    expect(BrowserWindow.instances).toHaveLength(1);
    quitting = true;
    window.close();
    expect(window.destroyed).toBe(true);
    expect(controller.current).toBeUndefined();
  });

  it('a close event is cancelled only while not quitting', () => {
    const controller = new MainWindowController({ create: () => new BrowserWindow({}), isQuitting: () => false });
    controller.open();
    const event = new FakeEvent();
    BrowserWindow.instances[0]!.emit('close', event);
    expect(event.defaultPrevented).toBe(true);
  });
});

describe('content protection while a value is revealed', () => {
  it('protects every window until hideAt, extends for a later reveal, and releases on lock', async () => {
    const clock = new ManualClock();
    const a = new BrowserWindow({});
    const b = new BrowserWindow({});
    const protection = new ContentProtection({ clock, windows: () => [a, b] });
    protection.protectUntil(clock.now() + 20_000);
    expect([a.contentProtection, b.contentProtection]).toEqual([true, true]);
    protection.protectUntil(clock.now() + 40_000);
    await clock.advance(25_000);
    expect(a.contentProtection).toBe(true);
    await clock.advance(20_000);
    expect([a.contentProtection, b.contentProtection]).toEqual([false, false]);
    protection.protectUntil(clock.now() + 20_000);
    const late = new BrowserWindow({});
    protection.applyTo(late);
    expect(late.contentProtection).toBe(true);
    protection.release();
    expect(a.contentProtection).toBe(false);
    protection.protectUntil(clock.now() - 1);
    expect(protection.active).toBe(false);
  });
});
