import type { Clipboard } from '../services/ports/clipboard.js';
import type { Logger } from '../services/ports/logger.js';

/** A raw OS clipboard format, as Electron ≥ 44 names it in a ClipboardItem. */
export function osFormat(name: string): string {
  return `electron application/osclipboard;format="${name}"`;
}

/** A serialised little-endian DWORD. */
const dword = (value: number) => new Blob([new Uint8Array([value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff])]);

/**
 * The "this is a password: keep it out of clipboard history, cloud sync and clipboard managers"
 * markers for one OS (shared reference: product-anchors.md §3.4–3.5). They are requests that
 * well-behaved readers honour, not enforcement — ClipboardPolicy still clears the value.
 * - Windows (learn.microsoft.com, "Cloud Clipboard and Clipboard History Formats"):
 *   ExcludeClipboardContentFromMonitorProcessing (any data: excluded from history AND sync),
 *   CanIncludeInClipboardHistory = DWORD 0, CanUploadToCloudClipboard = DWORD 0.
 * - macOS (nspasteboard.org): org.nspasteboard.ConcealedType and TransientType; presence is the
 *   marker, so the payload is empty.
 * - Linux (KDE Klipper, KeePassXC, wl-clipboard): x-kde-passwordManagerHint = "secret".
 */
export function concealedFormats(platform: NodeJS.Platform): Record<string, string | Blob> {
  switch (platform) {
    case 'win32':
      return {
        [osFormat('ExcludeClipboardContentFromMonitorProcessing')]: dword(1),
        [osFormat('CanIncludeInClipboardHistory')]: dword(0),
        [osFormat('CanUploadToCloudClipboard')]: dword(0),
      };
    case 'darwin':
      return { [osFormat('org.nspasteboard.ConcealedType')]: '', [osFormat('org.nspasteboard.TransientType')]: '' };
    default:
      return { [osFormat('x-kde-passwordManagerHint')]: 'secret' };
  }
}

/** The part of Electron's clipboard module the adapter uses (used from main: renderer access is deprecated since Electron 40). */
export interface ElectronClipboardModule {
  write(items: unknown[]): Promise<void>;
  writeText(text: string): Promise<void>;
  readText(): Promise<string>;
  clear(): void;
}

/**
 * The Clipboard port over Electron's clipboard. A concealed write is ONE `clipboard.write` of one
 * ClipboardItem holding the text and the OS markers, committed atomically (Electron ≥ 44,
 * electron/electron#51707; before that each raw write replaced the clipboard). Nothing here logs
 * or keeps the text.
 */
export class ElectronClipboard implements Clipboard {
  constructor(
    private readonly deps: {
      clipboard: ElectronClipboardModule;
      ClipboardItem: new (items: Record<string, string | Blob>) => unknown;
      platform: NodeJS.Platform;
      logger?: Logger;
    },
  ) {}

  async writeText(text: string, options: { concealed: boolean }): Promise<void> {
    const { clipboard, ClipboardItem, platform } = this.deps;
    if (!options.concealed) return clipboard.writeText(text);
    try {
      await clipboard.write([new ClipboardItem({ 'text/plain': text, ...concealedFormats(platform) })]);
    } catch (error) {
      // An OS that refuses a marker format must not make Copy fail: the value still goes to the
      // clipboard (and is still cleared on time), only without the history/sync request.
      this.deps.logger?.warn('clipboard: the concealed formats were refused; wrote plain text', { platform, error: error instanceof Error ? error.name : 'unknown' });
      await clipboard.writeText(text);
    }
  }

  readText(): Promise<string> {
    return this.deps.clipboard.readText();
  }

  clear(): void {
    this.deps.clipboard.clear();
  }
}
