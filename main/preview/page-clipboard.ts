import type { Clipboard } from '../services/ports/clipboard.js';
import type { PageLink } from './page-link.js';

/**
 * The Clipboard port in the browser preview: the preview page holds the clipboard
 * (navigator.clipboard), because the browser is where the user will paste.
 *
 * Security trade-off, accepted for the preview only: a copied secret's value travels once over the
 * loopback WebSocket to the page (the desktop app writes it straight to the OS clipboard and it never
 * reaches the renderer), and the "clear only if unchanged" check reads the clipboard back through the
 * page. It is bounded: the socket is loopback-only, token- and Origin-checked, the preview serves the
 * sandbox tenant only (its secrets are demo data), values are sent only for a copy the user just asked
 * for and never kept by the page, and the "concealed" formats (history/cloud exclusion) cannot be set
 * from a web page — the browser writes plain text.
 */
export class PageClipboard implements Clipboard {
  constructor(private readonly page: PageLink) {}

  async writeText(text: string): Promise<void> {
    const answer = await this.page.clipboard('write', text);
    if (!answer.ok) throw new Error('The browser refused to write the clipboard (the page needs focus).');
  }

  async readText(): Promise<string> {
    const answer = await this.page.clipboard('read');
    // Refused (no permission): ClipboardPolicy then clears without comparing — the safe side.
    if (!answer.ok || answer.text === undefined) throw new Error('The browser refused to read the clipboard.');
    return answer.text;
  }

  async clear(): Promise<void> {
    const answer = await this.page.clipboard('clear');
    if (!answer.ok) throw new Error('The browser refused to clear the clipboard.');
  }
}
