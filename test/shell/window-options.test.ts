import { beforeEach, describe, expect, it } from 'vitest';
import { createMainWindow, createPopupWindow, MAIN_VIEW_URL, POPUP_VIEW_URL } from '../../main/platform/app-windows.js';
import { BrowserWindow, resetFakeElectron } from './model/electron-model.js';

// The security literal itself (every webPreferences field, exactly) is asserted in one place:
// test/security/window-options.test.ts. Here: how the windows behave on the Electron model.

beforeEach(() => resetFakeElectron());

describe.each([
  ['main window', createMainWindow],
  ['quick-lookup popup', createPopupWindow],
])('%s options', (_label, create) => {
  it('turns DevTools off when packaged and on in development', () => {
    create({ BrowserWindow, preloadPath: 'p', isPackaged: true });
    create({ BrowserWindow, preloadPath: 'p', isPackaged: false });
    expect(BrowserWindow.instances.map((w) => w.options.webPreferences!.devTools)).toEqual([false, true]);
  });

  it('starts hidden (shown when ready or when the tray asks)', () => {
    create({ BrowserWindow, preloadPath: 'p', isPackaged: true });
    expect(BrowserWindow.instances[0]!.options.show).toBe(false);
  });
});

describe('popup shape', () => {
  it('is frameless, off the taskbar and on top', () => {
    createPopupWindow({ BrowserWindow, preloadPath: 'p', isPackaged: true });
    expect(BrowserWindow.instances[0]!.options).toMatchObject({ frame: false, skipTaskbar: true, alwaysOnTop: true, resizable: false });
  });
});

describe('view URLs', () => {
  it('load the renderer from the privileged app:// origin, one view each', () => {
    expect(MAIN_VIEW_URL).toBe('app://jit-vault/index.html?view=main');
    expect(POPUP_VIEW_URL).toBe('app://jit-vault/index.html?view=popup');
  });
});
