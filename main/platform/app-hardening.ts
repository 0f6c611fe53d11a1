import { APP_SCHEME } from '../security/app-origin.js';
import { createAppRequestHandler, registerAppScheme, type SchemeRegistrar } from './app-protocol.js';
import { denyAllPermissions, guardWebContents, type GuardedContents, type PermissionSession } from './web-contents-guard.js';

/**
 * Per-WebContents navigation allow lists. Every WebContents is guarded with "deny all" at creation;
 * the one window that may navigate (the demo sign-in) registers its list here afterwards, and the
 * guard reads it at navigation time.
 */
export class NavigationPolicies {
  readonly #policies = new WeakMap<object, (url: string) => boolean>();

  set(contents: object, allowed: (url: string) => boolean): void {
    this.#policies.set(contents, allowed);
  }

  allows(contents: object, url: string): boolean {
    return this.#policies.get(contents)?.(url) ?? false;
  }
}

/**
 * Before `app` is ready: the process-wide renderer sandbox (checklist #4,
 * https://www.electronjs.org/docs/latest/api/app#appenablesandbox) and the privileged `app://`
 * scheme (#18), which can only be registered before ready.
 */
export function hardenBeforeReady(deps: { app: { enableSandbox(): void }; protocol: SchemeRegistrar }): void {
  deps.app.enableSandbox();
  registerAppScheme(deps.protocol);
}

/** What `hardenAfterReady` configures. */
export interface AfterReadyDeps {
  app: { on(event: 'web-contents-created', listener: (event: unknown, contents: GuardedContents) => void): unknown };
  defaultSession: PermissionSession;
  protocol: { handle(scheme: string, handler: (request: Request) => Promise<Response>): void };
  /** out/renderer */
  rendererDir: string;
  policies: NavigationPolicies;
  /** The safe opener (allowlisted https links only). */
  openExternal(url: string): void;
}

/**
 * Once ready: every WebContents is guarded as it is created (navigation, new windows, webviews —
 * #12–#15), the default session denies every permission (#5), and `app://jit-vault/` serves the
 * built renderer with the CSP header (#7, #18).
 */
export function hardenAfterReady(deps: AfterReadyDeps): void {
  deps.app.on('web-contents-created', (_event, contents) => {
    guardWebContents(contents, { openExternal: deps.openExternal, allowNavigation: (url) => deps.policies.allows(contents, url) });
  });
  denyAllPermissions(deps.defaultSession);
  deps.protocol.handle(APP_SCHEME, createAppRequestHandler({ rootDir: deps.rendererDir }));
}
