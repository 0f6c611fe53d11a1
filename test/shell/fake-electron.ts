/**
 * A hand-written fake of the few Electron APIs main/platform and preload use (electron/fiddle's
 * tests/mocks/electron.ts pattern). The `shell` and `security` vitest projects alias the module
 * name `electron` to this file, so code under test that imports electron gets these; tests import
 * the same objects from here to drive and inspect them. `resetFakeElectron()` restores a fresh state.
 */
import { EventEmitter } from 'node:events';
import type { BrowserWindowConstructorOptions } from 'electron';
import type { InvokeEventLike } from '../../main/platform/ipc-main-adapter.js';
import type { VerifyRequest } from '../../main/platform/sandbox-trust.js';

/** A cancellable Electron-style event. */
export class FakeEvent {
  defaultPrevented = false;
  constructor(readonly url?: string) {}
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export class FakeWebFrame {
  parent: FakeWebFrame | null = null;
  detached = false;
  destroyed = false;
  constructor(
    public url: string,
    public origin?: string,
  ) {}
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export class FakeWebContents extends EventEmitter {
  static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  readonly sent: { channel: string; args: unknown[] }[] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  mainFrame = new FakeWebFrame('app://jit-vault/index.html', 'app://jit-vault');
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
}

export class BrowserWindow extends EventEmitter {
  static instances: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  readonly loaded: string[] = [];
  visible = false;
  destroyed = false;
  focused = false;
  position: [number, number] = [0, 0];
  contentProtection = false;
  constructor(readonly options: BrowserWindowConstructorOptions) {
    super();
    BrowserWindow.instances.push(this);
  }
  async loadURL(url: string): Promise<void> {
    this.loaded.push(url);
  }
  show(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
  }
  focus(): void {
    this.focused = true;
  }
  close(): void {
    const event = new FakeEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.destroyed = true;
    this.emit('closed');
  }
  isVisible(): boolean {
    return this.visible;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  getSize(): number[] {
    return [this.options.width ?? 800, this.options.height ?? 600];
  }
  setPosition(x: number, y: number): void {
    this.position = [x, y];
  }
  setContentProtection(enable: boolean): void {
    this.contentProtection = enable;
  }
}

class FakeApp extends EventEmitter {
  isPackaged = false;
  gotLock = true;
  quitCalls = 0;
  sandboxEnabled = false;
  loginItem: { openAtLogin: boolean } | undefined;
  private readyResolve!: () => void;
  readonly ready = new Promise<void>((resolve) => (this.readyResolve = resolve));
  requestSingleInstanceLock(): boolean {
    return this.gotLock;
  }
  quit(): void {
    this.quitCalls++;
  }
  enableSandbox(): void {
    this.sandboxEnabled = true;
  }
  whenReady(): Promise<void> {
    return this.ready;
  }
  fireReady(): void {
    this.readyResolve();
  }
  getAppPath(): string {
    return process.cwd();
  }
  setLoginItemSettings(settings: { openAtLogin: boolean }): void {
    this.loginItem = settings;
  }
}

class FakeIpcMain {
  readonly handlers = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>>();
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
}

class FakeIpcRenderer extends EventEmitter {
  readonly invoked: { channel: string; args: unknown[] }[] = [];
  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push({ channel, args });
    return { ok: true, value: null };
  }
}

class FakeContextBridge {
  readonly exposed: { key: string; api: unknown }[] = [];
  exposeInMainWorld(key: string, api: unknown): void {
    this.exposed.push({ key, api });
  }
}

export class ClipboardItem {
  constructor(readonly items: Record<string, string | Blob>) {}
  get types(): string[] {
    return Object.keys(this.items);
  }
}

class FakeClipboard {
  items: ClipboardItem[] = [];
  text = '';
  failWrite = false;
  async write(items: ClipboardItem[]): Promise<void> {
    if (this.failWrite) throw new Error('format refused');
    this.items = items;
    this.text = String(items[0]?.items['text/plain'] ?? '');
  }
  async writeText(text: string): Promise<void> {
    this.items = [new ClipboardItem({ 'text/plain': text })];
    this.text = text;
  }
  async readText(): Promise<string> {
    return this.text;
  }
  clear(): void {
    this.items = [];
    this.text = '';
  }
}

export class Notification extends EventEmitter {
  static supported = true;
  static shown: Notification[] = [];
  static isSupported(): boolean {
    return Notification.supported;
  }
  constructor(readonly options: { title?: string; body?: string; actions?: { type: string; text?: string }[]; urgency?: string; silent?: boolean }) {
    super();
  }
  show(): void {
    Notification.shown.push(this);
  }
}

export class Tray extends EventEmitter {
  static instances: Tray[] = [];
  image: unknown;
  tooltip = '';
  menu: unknown;
  poppedUp: unknown[] = [];
  destroyed = false;
  bounds = { x: 1800, y: 1050, width: 24, height: 24 };
  constructor(image: unknown) {
    super();
    this.image = image;
    Tray.instances.push(this);
  }
  setImage(image: unknown): void {
    this.image = image;
  }
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  setContextMenu(menu: unknown): void {
    this.menu = menu;
  }
  popUpContextMenu(menu?: unknown): void {
    this.poppedUp.push(menu);
  }
  getBounds() {
    return this.bounds;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

export interface FakeMenuItem {
  label?: string;
  type?: string;
  click?: () => void;
}
export const Menu = { buildFromTemplate: (template: FakeMenuItem[]) => ({ items: template }) };

export const nativeImage = {
  createFromBuffer: (buffer: Buffer, options?: { scaleFactor?: number }) => ({ png: buffer, scaleFactor: options?.scaleFactor ?? 1 }),
};

class FakeGlobalShortcut {
  readonly registered = new Map<string, () => void>();
  taken = new Set<string>();
  register(accelerator: string, callback: () => void): boolean {
    if (!/^[A-Za-z0-9+]+$/.test(accelerator)) throw new TypeError('Failed to parse accelerator');
    if (this.taken.has(accelerator)) return false;
    this.registered.set(accelerator, callback);
    return true;
  }
  unregister(accelerator: string): void {
    this.registered.delete(accelerator);
  }
}

class FakePowerMonitor extends EventEmitter {
  idle = 0;
  getSystemIdleTime(): number {
    return this.idle;
  }
}

export class FakeSession {
  permissionRequest: ((wc: unknown, permission: string, callback: (granted: boolean) => void, details?: unknown) => void) | undefined;
  permissionCheck: ((wc: unknown, permission: string) => boolean) | undefined;
  devicePermission: ((details: unknown) => boolean) | undefined;
  verifyProc: ((request: VerifyRequest, callback: (result: number) => void) => void) | undefined;
  beforeRequest: ((details: { url: string }, callback: (response: { cancel: boolean }) => void) => void) | undefined;
  readonly webRequest = { onBeforeRequest: (_filter: unknown, listener: FakeSession['beforeRequest']) => void (this.beforeRequest = listener) };
  setPermissionRequestHandler(handler: FakeSession['permissionRequest']): void {
    this.permissionRequest = handler;
  }
  setPermissionCheckHandler(handler: FakeSession['permissionCheck']): void {
    this.permissionCheck = handler;
  }
  setDevicePermissionHandler(handler: FakeSession['devicePermission']): void {
    this.devicePermission = handler;
  }
  setCertificateVerifyProc(proc: FakeSession['verifyProc']): void {
    this.verifyProc = proc;
  }
}

function fresh() {
  return {
    app: new FakeApp(),
    ipcMain: new FakeIpcMain(),
    ipcRenderer: new FakeIpcRenderer(),
    contextBridge: new FakeContextBridge(),
    clipboard: new FakeClipboard(),
    globalShortcut: new FakeGlobalShortcut(),
    powerMonitor: new FakePowerMonitor(),
    partitions: new Map<string, FakeSession>(),
    defaultSession: new FakeSession(),
    schemes: [] as unknown[],
    protocolHandlers: new Map<string, (request: Request) => Promise<Response>>(),
    opened: [] as string[],
    errors: [] as { title: string; content: string }[],
    cursor: { x: 500, y: 400 },
  };
}

/** The live fake state; `resetFakeElectron` replaces its contents. */
export const fake = fresh();

/** A fresh fake Electron for the next test. */
export function resetFakeElectron(): void {
  Object.assign(fake, fresh());
  BrowserWindow.instances = [];
  Tray.instances = [];
  Notification.shown = [];
  Notification.supported = true;
}

/** A stand-in forwarding to `fake[key]` at call time, methods bound to it (so `this` is the real fake). */
function live<K extends keyof typeof fake>(key: K): (typeof fake)[K] {
  return new Proxy({} as (typeof fake)[K], {
    get: (_target, name) => {
      const target = fake[key] as object;
      const value = Reflect.get(target, name, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
    set: (_target, name, value) => Reflect.set(fake[key] as object, name, value),
  });
}

// The module surface code under test imports (`import { app } from 'electron'`). Live stand-ins, so a
// reset in beforeEach is seen by modules that imported these names earlier.
export const app = live('app');
export const ipcMain = live('ipcMain');
export const ipcRenderer = live('ipcRenderer');
export const contextBridge = live('contextBridge');
export const clipboard = live('clipboard');
export const globalShortcut = live('globalShortcut');
export const powerMonitor = live('powerMonitor');
export const nativeTheme = { themeSource: 'system' as 'system' | 'light' | 'dark' };
export const screen = {
  getCursorScreenPoint: () => fake.cursor,
  getDisplayNearestPoint: () => ({ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }),
};
export const session = {
  get defaultSession() {
    return fake.defaultSession;
  },
  fromPartition(name: string): FakeSession {
    let s = fake.partitions.get(name);
    if (!s) fake.partitions.set(name, (s = new FakeSession()));
    return s;
  },
};
export const protocol = {
  registerSchemesAsPrivileged: (schemes: unknown[]) => void fake.schemes.push(...schemes),
  handle: (scheme: string, handler: (request: Request) => Promise<Response>) => void fake.protocolHandlers.set(scheme, handler),
};
export const shell = { openExternal: async (url: string) => void fake.opened.push(url) };
export const dialog = { showErrorBox: (title: string, content: string) => void fake.errors.push({ title, content }) };

/** macOS Touch ID: absent in the fake (every profile falls back to a fresh sign-in). */
export const systemPreferences = { canPromptTouchID: () => false, promptTouchID: async (_reason: string) => undefined };
