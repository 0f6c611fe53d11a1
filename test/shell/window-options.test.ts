import { beforeEach, describe, expect, it } from 'vitest';
import { createMainWindow, createPopupWindow, MAIN_VIEW_URL, POPUP_VIEW_URL } from '../../main/platform/app-windows.js';
import { BrowserWindow, resetFakeElectron } from './model/electron-model.js';

/** The security literal every JIT Vault window must carry (checklist #2–#13). */
const SECURE_PREFERENCES = {
  sandbox: true,
  contextIsolation: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  disableBlinkFeatures: 'Auxclick',
  webviewTag: false,
  navigateOnDragDrop: false,
};

beforeEach(() => resetFakeElectron());

describe.each([
  ['main window', createMainWindow],
  ['quick-lookup popup', createPopupWindow],
])('%s options', (_label, create) => {
  it('carries every security setting, the preload, and no option that weakens them', () => {
    create({ BrowserWindow, preloadPath: '/app/out/preload/index.cjs', isPackaged: true });
    const prefs = BrowserWindow.instances[0]!.options.webPreferences!;
    expect(prefs).toMatchObject(SECURE_PREFERENCES);
    expect(prefs.preload).toBe('/app/out/preload/index.cjs');
    for (const weakening of ['enableBlinkFeatures', 'enableRemoteModule', 'partition', 'additionalArguments']) expect(prefs, weakening).not.toHaveProperty(weakening);
  });

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
