import type { BrowserWindowConstructorOptions } from 'electron';
import { denyAllPermissions, type PermissionSession } from './web-contents-guard.js';
import { sandboxCertificateVerifyProc, type SandboxTrust, type VerifyRequest } from './sandbox-trust.js';
import { isLoopbackHost } from '../security/loopback.js';

/** In-memory partition (no `persist:`): the demo sign-in's cookies die with the app. */
export const DEMO_SIGN_IN_PARTITION = 'jit-vault-demo-sign-in';

/** The session of the demo sign-in partition, as far as it is configured here. */
export interface SignInSession extends PermissionSession {
  setCertificateVerifyProc(proc: (request: VerifyRequest, callback: (result: number) => void) => void): void;
  webRequest: { onBeforeRequest(filter: { urls: string[] }, listener: (details: { url: string }, callback: (response: { cancel: boolean }) => void) => void): void };
}

/** A BrowserWindow as the sign-in window uses it. */
export interface SignInBrowserWindow {
  loadURL(url: string): Promise<void>;
  close(): void;
  isDestroyed(): boolean;
  focus(): void;
  on(event: 'closed', listener: () => void): unknown;
  readonly webContents: { on(event: 'did-navigate', listener: (event: unknown, url: string) => void): unknown };
}

/**
 * Where the sign-in window may go: the sandbox's https origins, and the one loopback redirect the
 * authorize URL names (MSAL's local listener receiving the form_post). Nothing else loads.
 */
export function signInAllowList(trust: SandboxTrust, authorizeUrl: string): (url: string) => boolean {
  const allowed = new Set(trust.origins);
  try {
    const redirect = new URL(new URL(authorizeUrl).searchParams.get('redirect_uri') ?? '');
    if (redirect.protocol === 'http:' && isLoopbackHost(redirect.hostname)) allowed.add(redirect.origin);
  } catch {
    // no usable redirect: only the sandbox itself
  }
  return (url) => {
    try {
      return allowed.has(new URL(url).origin);
    } catch {
      return false;
    }
  };
}

/**
 * Demo mode's interactive sign-in: the sandbox's sign-in page in a small window of JIT Vault's own
 * (the system browser would not trust the sandbox CA). Its own partition carries the scoped
 * certificate verify proc (sandbox-trust.ts), denies every permission, and cancels any request
 * that leaves the allow list — so the sandbox CA is only ever consulted for the sandbox's own
 * host:port origins. No preload, no IPC. It closes once the redirect reached MSAL's listener.
 * Real tenants never use this window: their sign-in opens in the system browser.
 */
export class DemoSignInWindow {
  #window: SignInBrowserWindow | undefined;
  #allowed: (url: string) => boolean = () => false;
  #configured = false;

  constructor(
    private readonly deps: {
      BrowserWindow: new (options: BrowserWindowConstructorOptions) => SignInBrowserWindow;
      fromPartition(partition: string): SignInSession;
      /** The running sandbox (read when a sign-in starts). */
      trust(): SandboxTrust | undefined;
      /** Registers the navigation allow list with the app-wide web-contents guard. */
      allowNavigation(window: SignInBrowserWindow, allowed: (url: string) => boolean): void;
    },
  ) {}

  /** Opens (or re-targets) the window on `authorizeUrl`. */
  async open(authorizeUrl: string): Promise<void> {
    const trust = this.deps.trust();
    if (!trust) throw new Error('The demo sandbox is not running.');
    this.#allowed = signInAllowList(trust, authorizeUrl);
    if (!this.#allowed(authorizeUrl)) throw new Error('This sign-in page is not on the demo sandbox.');
    this.#configure(trust);
    let window = this.#window && !this.#window.isDestroyed() ? this.#window : undefined;
    if (!window) {
      const { BrowserWindow } = this.deps;
      window = new BrowserWindow({
        width: 520,
        height: 720,
        title: 'Sign in to the JIT Vault demo tenant',
        autoHideMenuBar: true,
        webPreferences: {
          partition: DEMO_SIGN_IN_PARTITION,
          sandbox: true, // #4 (see app-windows.ts for the checklist links)
          contextIsolation: true, // #3
          nodeIntegration: false, // #2
          nodeIntegrationInSubFrames: false, // #2
          webSecurity: true, // #6
          allowRunningInsecureContent: false, // #8
          experimentalFeatures: false, // #9
          disableBlinkFeatures: 'Auxclick', // #10
          webviewTag: false, // #11/#12
          navigateOnDragDrop: false, // #13
          devTools: false,
        },
      });
      const opened = window;
      this.#window = opened;
      this.deps.allowNavigation(opened, (url) => this.#allowed(url));
      opened.on('closed', () => {
        if (this.#window === opened) this.#window = undefined;
      });
      opened.webContents.on('did-navigate', (_event, url) => {
        // Reaching the http loopback redirect means MSAL's listener has the answer: done.
        if (url.startsWith('http:') && this.#allowed(url)) opened.close();
      });
    }
    await window.loadURL(authorizeUrl);
    window.focus();
  }

  #configure(trust: SandboxTrust): void {
    if (this.#configured) return;
    this.#configured = true;
    const session = this.deps.fromPartition(DEMO_SIGN_IN_PARTITION);
    denyAllPermissions(session);
    session.setCertificateVerifyProc(sandboxCertificateVerifyProc(trust));
    session.webRequest.onBeforeRequest({ urls: ['<all_urls>'] }, (details, callback) => callback({ cancel: !this.#allowed(details.url) }));
  }
}
