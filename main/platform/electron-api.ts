import {
  app,
  BrowserWindow,
  clipboard,
  ClipboardItem,
  dialog,
  globalShortcut,
  ipcMain,
  Menu,
  nativeImage,
  nativeTheme,
  Notification,
  powerMonitor,
  protocol,
  screen,
  session,
  shell,
  systemPreferences,
  Tray,
} from 'electron';

/**
 * Everything of Electron the main process uses, in one object. This is the only main-process file
 * with a runtime `electron` import; every other platform module receives these classes and
 * modules by injection (CONVENTIONS §3), so test/shell passes fakes and never needs the binary.
 */
export interface ElectronApi {
  app: typeof app;
  BrowserWindow: typeof BrowserWindow;
  clipboard: typeof clipboard;
  ClipboardItem: typeof ClipboardItem;
  dialog: typeof dialog;
  globalShortcut: typeof globalShortcut;
  ipcMain: typeof ipcMain;
  Menu: typeof Menu;
  nativeImage: typeof nativeImage;
  nativeTheme: typeof nativeTheme;
  Notification: typeof Notification;
  powerMonitor: typeof powerMonitor;
  protocol: typeof protocol;
  screen: typeof screen;
  session: typeof session;
  shell: typeof shell;
  /** Touch ID (presence before unlocking, main/platform/touch-id-presence.ts). */
  systemPreferences: typeof systemPreferences;
  Tray: typeof Tray;
}

/** The real Electron modules. */
export function loadElectron(): ElectronApi {
  return { app, BrowserWindow, clipboard, ClipboardItem, dialog, globalShortcut, ipcMain, Menu, nativeImage, nativeTheme, Notification, powerMonitor, protocol, screen, session, shell, systemPreferences, Tray };
}
