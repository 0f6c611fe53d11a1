/**
 * The renderer's origin in Electron, written once: the privileged `app://jit-vault` scheme the
 * platform registers (main/platform/app-protocol.ts), the windows load (app-windows.ts) and the IPC
 * sender check accepts (below; main/ipc/ipc-wrapper.ts dispatches only for a trusted sender).
 */

/** The custom scheme the renderer is served from (checklist #18: no file://). */
export const APP_SCHEME = 'app';
/** The scheme's one host. */
export const APP_HOST = 'jit-vault';
/** `app://jit-vault`: the only origin that may call IPC. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** What the Electron adapter extracts from `event.senderFrame` (electron-free on purpose). */
export interface FrameSender {
  /** `senderFrame.origin` (WebFrameMain), e.g. `app://jit-vault`. */
  origin?: string;
  /** `senderFrame.parent === null`. */
  isMainFrame?: boolean;
}

/**
 * Trusted Electron sender: a frame exists, its origin is exactly `app://jit-vault` and it is the
 * top frame (a subframe could be anything the page embedded). Electronic checklist item 17.
 */
export function isTrustedFrame(sender: FrameSender | null | undefined): boolean {
  return !!sender && sender.origin === APP_ORIGIN && sender.isMainFrame === true;
}

/**
 * Builds the `FrameSender` from a frame-like object (`WebFrameMain`: `origin`, `url`, `parent`).
 * `new URL('app://jit-vault/x').origin` is "null" for a non-special scheme, so when `origin` is
 * missing the origin is rebuilt from the URL's protocol and host by hand.
 */
export function frameSender(frame: { origin?: unknown; url?: unknown; parent?: unknown } | null | undefined): FrameSender | undefined {
  if (!frame) return undefined;
  let origin = typeof frame.origin === 'string' && frame.origin !== 'null' ? frame.origin : undefined;
  if (!origin && typeof frame.url === 'string') {
    try {
      const url = new URL(frame.url);
      origin = `${url.protocol}//${url.host}`;
    } catch {
      origin = undefined;
    }
  }
  return { ...(origin ? { origin } : {}), isMainFrame: frame.parent === null };
}
