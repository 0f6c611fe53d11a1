import type { Duplex } from 'node:stream';

/**
 * Longest request target the sandbox accepts. Front ends of the real services refuse long URLs with
 * 414 (HTTP.sys, which fronts Key Vault and Entra, caps a request at 16 KB; 8 KB is the common URL
 * limit of Azure front doors; the exact figure per service is unverified).
 */
export const MAX_URL_LENGTH = 8192;

function plain(status: number, reason: string): string {
  const body = JSON.stringify({ error: { code: reason.replace(/\s+/g, ''), message: `${reason}.` } });
  return `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}

/**
 * Answers a request Node's parser gave up on, instead of dropping the connection: a request beyond
 * Node's header limit is 431 Request Header Fields Too Large (RFC 6585 §5). Anything else is garbage
 * and the socket is closed.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'HPE_HEADER_OVERFLOW' && socket.writable) {
    // Node's parser counts the request line into its 16 KB header limit and does not say which part
    // overflowed, so everything past it is 431; URLs between MAX_URL_LENGTH and that limit get 414.
    socket.end(plain(431, 'Request Header Fields Too Large'));
    return;
  }
  socket.destroy();
}

/** Whether a request's target is over the URL limit (answered 414 before routing). */
export function urlTooLong(url: string | undefined): boolean {
  return (url?.length ?? 0) > MAX_URL_LENGTH;
}
