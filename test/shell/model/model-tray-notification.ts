/**
 * The Electron model's tray and notifications, obeying the active platform profile: a tray that no
 * one can see on plain GNOME, app indicators that swallow clicks on Linux, notifications that fail
 * on an unsigned macOS build, Notification.handleActivation on Windows only.
 */
import { EventEmitter } from 'node:events';
import { state } from './model-state.js';

type TraySurface = 'setImage' | 'setToolTip' | 'setTitle' | 'setContextMenu' | 'popUpContextMenu' | 'getBounds' | 'destroy';

export class Tray extends EventEmitter implements Pick<Electron.Tray, TraySurface> {
  static instances: Tray[] = [];
  image: unknown;
  tooltip = '';
  /** macOS: the text beside the icon in the menu bar. */
  title = '';
  menu: unknown;
  poppedUp: unknown[] = [];
  destroyed = false;
  /** Whether the user can see the icon at all (no SNI host on plain GNOME). */
  readonly shown = state.profile.trayShown.value;
  bounds = state.profile.trayClick.value ? { x: 1800, y: 1050, width: 24, height: 24 } : { x: 0, y: 0, width: 0, height: 0 };
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
  setTitle(title: string): void {
    this.title = title;
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
  /** A user's left click, as the platform delivers it (not at all through an app indicator). */
  userClick(): boolean {
    if (this.destroyed || !this.shown || !state.profile.trayClick.value) return false;
    this.emit('click', {}, this.bounds);
    return true;
  }
  /** The menu entries the user can reach (none when the icon is invisible). */
  reachableMenu(): FakeMenuItem[] {
    if (this.destroyed || !this.shown) return [];
    const menu = (this.menu ?? this.poppedUp.at(-1) ?? (this.userRightClick(), this.poppedUp.at(-1))) as { items?: FakeMenuItem[] } | undefined;
    return menu?.items ?? [];
  }
  userRightClick(): void {
    if (!this.destroyed && this.shown && state.profile.trayClick.value) this.emit('right-click', {}, this.bounds);
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

type ActivationArgs = Parameters<Parameters<typeof Electron.Notification.handleActivation>[0]>[0];

export class Notification extends EventEmitter implements Pick<Electron.Notification, 'show'> {
  static supported = true;
  static shown: Notification[] = [];
  static failed: Notification[] = [];
  static activationHandler: ((details: ActivationArgs) => void) | undefined;
  static isSupported(): boolean {
    return Notification.supported;
  }
  /** Windows only (electron.d.ts @platform win32); elsewhere the model has no such method to call. */
  static handleActivation(callback: (details: ActivationArgs) => void): void {
    if (state.profile.platform !== 'win32') throw new TypeError('Notification.handleActivation is not a function');
    Notification.activationHandler = callback;
  }
  constructor(readonly options: { title?: string; body?: string; actions?: { type: string; text?: string }[]; urgency?: string; silent?: boolean; toastXml?: string }) {
    super();
  }
  show(): void {
    if (!state.profile.notificationsShow.value) {
      Notification.failed.push(this);
      setImmediate(() => this.emit('failed', {}, 'Notifications are not allowed for this application'));
      return;
    }
    Notification.shown.push(this);
  }
}

/** The static side of the model's Notification, checked against Electron's. */
export const notificationStatics: Pick<typeof Electron.Notification, 'isSupported' | 'handleActivation'> = Notification;

export class ClipboardItem {
  constructor(readonly items: Record<string, string | Blob>) {}
  get types(): string[] {
    return Object.keys(this.items);
  }
}
