import type { IpcResult } from '../../shared/domain/types.js';
import type { EventChannel, EventPayloads, InvokeChannel } from '../../shared/ipc/contract.js';
import { type IpcDispatcher } from '../ipc/ipc-wrapper.js';
import { frameSender, type FrameSender } from '../security/app-origin.js';

/** A WebFrameMain as the sender check reads it. */
interface FrameLike {
  readonly url?: unknown;
  readonly origin?: unknown;
  readonly parent?: unknown;
  readonly detached?: unknown;
  isDestroyed?(): boolean;
}

/** The part of IpcMainInvokeEvent the adapter reads. */
export interface InvokeEventLike {
  readonly senderFrame?: FrameLike | null;
  readonly sender?: { readonly mainFrame?: FrameLike | null } | null;
}

/** Electron's ipcMain, as far as registration goes. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/**
 * Who sent an invoke, for the dispatcher's check (checklist #17,
 * https://www.electronjs.org/docs/latest/tutorial/security#17-validate-the-sender-of-all-ipc-messages):
 * the frame's origin — `frame.origin`, or rebuilt from its URL by main/ipc's `frameSender`, since
 * `new URL('app://jit-vault/…').origin` is "null" for a non-special scheme — and whether it is the
 * top frame: no parent AND the very frame the WebContents reports as its main frame. A missing,
 * destroyed or detached frame (the page navigated or closed mid-call), or one that throws when
 * read, gives no sender at all, which the dispatcher refuses.
 */
export function senderOf(event: InvokeEventLike): FrameSender | undefined {
  try {
    const frame = event.senderFrame;
    if (!frame || frame.isDestroyed?.() === true || frame.detached === true) return undefined;
    const sender = frameSender(frame);
    if (!sender) return undefined;
    return { ...sender, isMainFrame: sender.isMainFrame === true && frame === event.sender?.mainFrame };
  } catch {
    return undefined;
  }
}

/**
 * Registers `ipcMain.handle` for exactly the dispatcher's (= the contract's) channels. Each call
 * goes through the dispatcher: sender check, channel check, zod parse, then the handler; the
 * answer is always an IpcResult value. `onResult` lets the platform react to an answer (content
 * protection after a reveal) without the handler table knowing about windows.
 *
 * @returns a function removing every handler (quit, tests).
 */
export function registerIpcHandlers(
  ipcMain: IpcMainLike,
  dispatcher: IpcDispatcher<FrameSender | undefined>,
  onResult?: (channel: InvokeChannel, result: IpcResult<unknown>) => void,
): () => void {
  for (const channel of dispatcher.channels) {
    ipcMain.handle(channel, async (event, args) => {
      const result = await dispatcher.dispatch(channel, args, senderOf(event));
      try {
        onResult?.(channel, result);
      } catch {
        // A failing side effect (a window closing) must not change the answer.
      }
      return result;
    });
  }
  return () => {
    for (const channel of dispatcher.channels) ipcMain.removeHandler(channel);
  };
}

/** A window events may go to. */
export interface EventTarget {
  isDestroyed(): boolean;
  readonly webContents: { send(channel: string, ...args: unknown[]): void };
}

/**
 * The event sink for main/ipc's forwarder: `webContents.send` to JIT Vault's own windows only
 * (main window, popup) — never a broadcast, never another WebContents (the demo sign-in window
 * shows the sandbox's pages and gets nothing).
 */
export function sendToWindows(windows: () => readonly (EventTarget | undefined)[]) {
  return <E extends EventChannel>(event: E, payload: EventPayloads[E]): void => {
    for (const window of windows()) if (window && !window.isDestroyed()) window.webContents.send(event, payload);
  };
}
