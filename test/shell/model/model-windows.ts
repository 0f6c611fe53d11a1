/**
 * The Electron model's windows: BrowserWindow and its webContents, obeying the active platform
 * profile (Wayland ignores placement, macOS and Wayland withhold focus from a background app, a
 * page is loaded only after 'did-finish-load'). Each class `implements` exactly the members of
 * electron.d.ts the app calls, so a member the app uses that Electron lacks, or a signature that
 * drifts, fails `npm run typecheck`.
 */
import { EventEmitter } from 'node:events';
import type { BrowserWindowConstructorOptions } from 'electron';
import { state } from './model-state.js';

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

type WindowOpenHandler = (details: { url: string }) => { action: string };

export class FakeWebContents extends EventEmitter implements Pick<Electron.WebContents, 'send' | 'isLoading'> {
  static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  /** Messages sent to the page; `loaded` says whether the page had finished loading then. */
  readonly sent: { channel: string; args: unknown[]; loaded: boolean }[] = [];
  windowOpenHandler: WindowOpenHandler | undefined;
  mainFrame = new FakeWebFrame('app://jit-vault/index.html', 'app://jit-vault');
  loading = false;
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args, loaded: !this.loading });
  }
  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }
  isLoading(): boolean {
    return this.loading;
  }
}

/** What the app calls on a BrowserWindow (checked against electron.d.ts). */
type WindowSurface =
  | 'loadURL'
  | 'show'
  | 'hide'
  | 'focus'
  | 'isVisible'
  | 'isDestroyed'
  | 'getSize'
  | 'setPosition'
  | 'setContentProtection'
  | 'setAlwaysOnTop'
  | 'setVisibleOnAllWorkspaces'
  | 'getNativeWindowHandle'
  | 'close';

export class BrowserWindow extends EventEmitter implements Pick<Electron.BrowserWindow, WindowSurface> {
  static instances: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  readonly loaded: string[] = [];
  visible = false;
  destroyed = false;
  /** Has keyboard focus (what the user can type into). */
  focused = false;
  position: [number, number] = [0, 0];
  contentProtection = false;
  alwaysOnTop: boolean;
  allWorkspaces: { visible: boolean; visibleOnFullScreen: boolean } = { visible: false, visibleOnFullScreen: false };
  constructor(readonly options: BrowserWindowConstructorOptions) {
    super();
    this.alwaysOnTop = options.alwaysOnTop === true && state.profile.windowPlacement.value;
    BrowserWindow.instances.push(this);
  }
  /** Resolves once the page has loaded, like Electron's (after 'did-finish-load'). */
  async loadURL(url: string): Promise<void> {
    this.loaded.push(url);
    this.webContents.loading = true;
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (this.destroyed) return;
    this.webContents.loading = false;
    this.webContents.mainFrame.url = url;
    this.webContents.emit('did-finish-load');
    this.emit('ready-to-show');
  }
  show(): void {
    this.visible = true;
    this.#takeFocus();
  }
  hide(): void {
    this.visible = false;
    this.focused = false;
  }
  focus(): void {
    this.#takeFocus();
  }
  close(): void {
    const event = new FakeEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.destroyed = true;
    this.visible = false;
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
  /** Ignored where the compositor places windows (Wayland). */
  setPosition(x: number, y: number): void {
    if (state.profile.windowPlacement.value) this.position = [x, y];
  }
  setContentProtection(enable: boolean): void {
    this.contentProtection = enable;
  }
  setAlwaysOnTop(flag: boolean): void {
    this.alwaysOnTop = flag && state.profile.windowPlacement.value;
  }
  setVisibleOnAllWorkspaces(visible: boolean, options?: { visibleOnFullScreen?: boolean }): void {
    this.allWorkspaces = { visible, visibleOnFullScreen: options?.visibleOnFullScreen === true };
  }
  getNativeWindowHandle(): Buffer {
    return Buffer.from([this.webContents.id, 0, 0, 0, 0, 0, 0, 0]);
  }
  /** Whether a screen capture would show this window now (the profile decides what protection does). */
  get capturable(): boolean {
    return !this.contentProtection || state.profile.contentProtection.value !== 'effective';
  }
  /** A window of a background app gets focus only where the OS allows it, or once the app was activated. */
  #takeFocus(): void {
    if (!this.visible) return;
    if (state.profile.focusWithoutSteal.value || state.appActive) {
      for (const other of BrowserWindow.instances) other.focused = false;
      this.focused = true;
    }
  }
}
