/**
 * A model of the Electron 45 main-process and preload APIs JIT Vault uses. The `shell` and
 * `security` vitest projects alias the module name `electron` to this file; tests import the same
 * objects from here to drive and inspect them. `resetFakeElectron(profile)` restores a fresh state
 * on one of the platform profiles (platform-profiles.ts), whose documented limits the model obeys.
 *
 * Every model object declares the members of electron.d.ts it stands for (`implements Pick<…>` /
 * `satisfies Pick<…>`), and electron-surface.test.ts proves that each platform port of the app is
 * satisfied by Electron's real types — so the model cannot grow an API Electron does not have.
 */
import { EventEmitter } from 'node:events';
import type { InvokeEventLike } from '../../../main/platform/ipc-main-adapter.js';
import type { VerifyRequest } from '../../../main/platform/sandbox-trust.js';
import { state } from './model-state.js';
import { BrowserWindow } from './model-windows.js';
import { ClipboardItem, Notification, Tray } from './model-tray-notification.js';
import { windows, type PlatformProfile } from './platform-profiles.js';

export { BrowserWindow, FakeEvent, FakeWebContents, FakeWebFrame } from './model-windows.js';
export { ClipboardItem, Menu, nativeImage, Notification, Tray, type FakeMenuItem } from './model-tray-notification.js';

type AppSurface = 'requestSingleInstanceLock' | 'quit' | 'exit' | 'enableSandbox' | 'whenReady' | 'getAppPath' | 'setLoginItemSettings' | 'focus' | 'setAppUserModelId' | 'setDesktopName' | 'setActivationPolicy' | 'setBadgeCount';

class FakeApp extends EventEmitter implements Pick<Electron.App, AppSurface> {
  isPackaged = false;
  gotLock = true;
  quitCalls = 0;
  /** The app really ended (quit not prevented, or exit). */
  quitted = false;
  exitCode: number | undefined;
  sandboxEnabled = false;
  loginItem: { openAtLogin: boolean } | undefined;
  appUserModelId: string | undefined;
  desktopName: string | undefined;
  activationPolicy: string | undefined;
  /** The dock/taskbar count (`setBadgeCount`): shown on macOS's Dock and Linux LauncherEntry docks. */
  badgeCount = 0;
  readonly switches: [string, string | undefined][] = [];
  readonly commandLine = { appendSwitch: (name: string, value?: string) => void this.switches.push([name, value]) } satisfies Pick<Electron.CommandLine, 'appendSwitch'>;
  readonly dock = state.profile.platform === 'darwin' ? { hidden: false, hide: () => void (this.dock!.hidden = true) } : undefined;
  private readyResolve!: () => void;
  readonly ready = new Promise<void>((resolve) => (this.readyResolve = resolve));
  requestSingleInstanceLock(): boolean {
    return this.gotLock;
  }
  /** Like Electron: 'before-quit' (cancellable), then 'will-quit' and 'quit' unless prevented. */
  quit(): void {
    this.quitCalls++;
    const event = new FakeEventLike();
    this.emit('before-quit', event);
    if (event.defaultPrevented) return;
    this.quitted = true;
    this.emit('will-quit', new FakeEventLike());
    this.emit('quit', new FakeEventLike(), 0);
  }
  exit(code?: number): void {
    this.exitCode = code ?? 0;
    this.quitted = true;
  }
  setBadgeCount(count?: number): boolean {
    this.badgeCount = count ?? 0;
    return true;
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
  /** Activates the app where the OS lets it (macOS/Windows/X11 with steal; never on Wayland). */
  focus(options?: { steal: boolean }): void {
    if (options?.steal ? state.profile.focusSteal.value : state.profile.focusWithoutSteal.value) state.appActive = true;
  }
  setAppUserModelId(id: string): void {
    this.appUserModelId = id;
  }
  setDesktopName(name: string): void {
    this.desktopName = name;
  }
  setActivationPolicy(policy: 'regular' | 'accessory' | 'prohibited'): void {
    this.activationPolicy = policy;
  }
}

class FakeIpcMain implements Pick<Electron.IpcMain, 'removeHandler'> {
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

class FakeContextBridge implements Pick<Electron.ContextBridge, 'exposeInMainWorld'> {
  readonly exposed: { key: string; api: unknown }[] = [];
  exposeInMainWorld(key: string, api: unknown): void {
    this.exposed.push({ key, api });
  }
}

class FakeClipboard implements Pick<Electron.Clipboard, 'clear'> {
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

class FakeGlobalShortcut implements Pick<Electron.GlobalShortcut, 'register' | 'unregister'> {
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

class FakePowerMonitor extends EventEmitter implements Pick<Electron.PowerMonitor, 'getSystemIdleTime' | 'getSystemIdleState'> {
  /** Seconds since the user's last input, as the OS would count them. */
  idle = 0;
  screenLocked = false;
  getSystemIdleTime(): number {
    return state.profile.idleTimeStuckAtZero.value ? 0 : this.idle;
  }
  getSystemIdleState(threshold: number): 'active' | 'idle' | 'locked' | 'unknown' {
    if (this.screenLocked && state.profile.idleStateLocked.value) return 'locked';
    return this.getSystemIdleTime() >= threshold ? 'idle' : 'active';
  }
  /** The user locks the screen: an event where the platform has one, a state everywhere it can be read. */
  lockScreen(): void {
    this.screenLocked = true;
    if (state.profile.lockScreenEvent.value) this.emit('lock-screen');
  }
  unlockScreen(): void {
    this.screenLocked = false;
    if (state.profile.lockScreenEvent.value) this.emit('unlock-screen');
  }
  /** The machine is shutting down: 'shutdown' where powerMonitor has it (Linux, macOS). */
  systemShutdown(): FakeEvent | undefined {
    if (!state.profile.shutdownEvent.value) return undefined;
    const event = new FakeEventLike();
    this.emit('shutdown', event);
    return event;
  }
}

class FakeEventLike {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}
type FakeEvent = FakeEventLike;

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
    profile: state.profile,
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
    /** Save dialogs shown (modal to a window or not) and what the "user" answers next: a path, or undefined = Cancel. */
    save: { dialogs: [] as { modal: boolean; options: Electron.SaveDialogOptions }[], answer: undefined as string | undefined },
    open: { dialogs: [] as { modal: boolean; options: Electron.OpenDialogOptions }[], answer: undefined as string | undefined },
    cursor: { x: 500, y: 400 },
  };
}

/** The live fake state; `resetFakeElectron` replaces its contents. */
export const fake = fresh();

/** A fresh model for the next test, on `profile` (default: Windows). */
export function resetFakeElectron(profile: PlatformProfile = windows): void {
  state.profile = profile;
  state.appActive = false;
  Object.assign(fake, fresh());
  BrowserWindow.instances = [];
  Tray.instances = [];
  Notification.shown = [];
  Notification.failed = [];
  Notification.activationHandler = undefined;
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
export const nativeTheme = { themeSource: 'system' as 'system' | 'light' | 'dark' } satisfies Pick<Electron.NativeTheme, 'themeSource'>;
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
export const shell = { openExternal: async (url: string) => void fake.opened.push(url) } satisfies Pick<Electron.Shell, 'openExternal'>;
export const dialog = {
  showErrorBox: (title: string, content: string) => void fake.errors.push({ title, content }),
  /** Both of Electron's overloads: (window, options) and (options). Answers like Electron: `filePath` is '' when cancelled. */
  showSaveDialog: async (windowOrOptions: Electron.BaseWindow | Electron.SaveDialogOptions, maybeOptions?: Electron.SaveDialogOptions): Promise<Electron.SaveDialogReturnValue> => {
    const options = maybeOptions ?? (windowOrOptions as Electron.SaveDialogOptions);
    fake.save.dialogs.push({ modal: maybeOptions !== undefined, options });
    return fake.save.answer === undefined ? { canceled: true, filePath: '' } : { canceled: false, filePath: fake.save.answer };
  },
  /** Both overloads; answers like Electron: `filePaths` is empty when cancelled. */
  showOpenDialog: async (windowOrOptions: Electron.BaseWindow | Electron.OpenDialogOptions, maybeOptions?: Electron.OpenDialogOptions): Promise<Electron.OpenDialogReturnValue> => {
    const options = maybeOptions ?? (windowOrOptions as Electron.OpenDialogOptions);
    fake.open.dialogs.push({ modal: maybeOptions !== undefined, options });
    return fake.open.answer === undefined ? { canceled: true, filePaths: [] } : { canceled: false, filePaths: [fake.open.answer] };
  },
} satisfies Pick<Electron.Dialog, 'showErrorBox' | 'showSaveDialog' | 'showOpenDialog'>;

/** macOS Touch ID: absent in the model (every profile falls back to a fresh sign-in). */
export const systemPreferences = { canPromptTouchID: () => false, promptTouchID: async (_reason: string) => undefined } satisfies Pick<Electron.SystemPreferences, 'canPromptTouchID' | 'promptTouchID'>;
