import type { WebSocket } from 'ws';
import { CLOSE_REPLACED, type PageMessage, type ServerMessage } from '../../shared/ipc/web-bridge.js';
import type { Logger } from '../services/ports/logger.js';

/** A preview page's connection, as the dispatcher's sender. */
export interface PageSender {
  connection: number;
}

/** How long the page may take to answer a clipboard request (it needs focus; a prompt may show). */
const CLIPBOARD_TIMEOUT_MS = 10_000;

/**
 * The one browser page the preview serves. ONE connection at a time: a new authenticated connection
 * (a reload, or the app opened in a second tab) replaces the previous one, which is closed with
 * CLOSE_REPLACED. Why not several: the desktop app has one window, and two things here need exactly
 * one target — the clipboard (a copy must land in the page the user clicked in, and the "clear only
 * if unchanged" read-back must ask that same page) and opening the sign-in page. Both connections
 * would need the token anyway, so allowing several would add no security, only ambiguity.
 */
export class PageLink {
  private active: { socket: WebSocket; connection: number } | undefined;
  private nextConnection = 1;
  private nextRequest = 1;
  private readonly requests = new Map<number, { resolve(message: Extract<PageMessage, { t: 'clipboard-result' }>): void; timer: NodeJS.Timeout }>();

  constructor(private readonly logger?: Logger) {}

  /** Makes `socket` the active page; returns its sender identity. */
  attach(socket: WebSocket): PageSender {
    const previous = this.active;
    const connection = this.nextConnection++;
    this.active = { socket, connection };
    if (previous) previous.socket.close(CLOSE_REPLACED, 'replaced by a newer page');
    socket.on('close', () => {
      if (this.active?.connection === connection) this.active = undefined;
    });
    this.logger?.info('preview page connected', { connection });
    return { connection };
  }

  /** Whether `sender` is the active page (the dispatcher's sender check). */
  isActive(sender: PageSender | undefined): boolean {
    return !!sender && this.active?.connection === sender.connection && this.active.socket.readyState === this.active.socket.OPEN;
  }

  /** Whether any page is connected. */
  get connected(): boolean {
    return this.active !== undefined;
  }

  /** Sends to the active page; false when none is connected. */
  send(message: ServerMessage, to?: PageSender): boolean {
    const target = this.active;
    if (!target || (to && to.connection !== target.connection) || target.socket.readyState !== target.socket.OPEN) return false;
    target.socket.send(JSON.stringify(message));
    return true;
  }

  /** Asks the active page to do clipboard work; rejects when no page answers. */
  clipboard(op: 'write' | 'read' | 'clear', text?: string): Promise<{ ok: boolean; text?: string }> {
    const id = this.nextRequest++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.requests.delete(id);
        reject(new Error('The preview page did not answer the clipboard request.'));
      }, CLIPBOARD_TIMEOUT_MS);
      timer.unref();
      this.requests.set(id, {
        resolve: (message) => {
          clearTimeout(timer);
          resolve({ ok: message.ok, ...(typeof message.text === 'string' ? { text: message.text } : {}) });
        },
        timer,
      });
      if (!this.send({ t: 'clipboard', id, op, ...(op === 'write' ? { text: text ?? '' } : {}) })) {
        clearTimeout(timer);
        this.requests.delete(id);
        reject(new Error('No preview page is connected.'));
      }
    });
  }

  /** A clipboard answer from the page (only the active page's answers count). */
  answer(message: Extract<PageMessage, { t: 'clipboard-result' }>, from: PageSender): void {
    if (!this.isActive(from)) return;
    const request = this.requests.get(message.id);
    if (!request) return;
    this.requests.delete(message.id);
    request.resolve(message);
  }

  /** Closes the active page's socket (shutdown) and fails pending requests. */
  close(): void {
    for (const [id, request] of this.requests) {
      clearTimeout(request.timer);
      this.requests.delete(id);
    }
    this.active?.socket.close(1001, 'preview stopping');
    this.active = undefined;
  }
}
