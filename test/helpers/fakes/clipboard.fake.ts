import type { Clipboard } from '../../../main/services/ports/clipboard.js';

/**
 * In-memory system clipboard. It plays the OS: it holds whatever text was last written (that is
 * its job), and lets a test simulate another application copying something (`copyFromOtherApp`)
 * or a platform where reading fails (Wayland without focus: `failReads`).
 */
export class FakeClipboard implements Clipboard {
  private text = '';
  /** Options of every write, in order (not the text, so tests can keep it without holding secrets). */
  readonly writes: { concealed: boolean }[] = [];
  /** How many times `clear()` ran. */
  clears = 0;
  /** When set, `readText()` throws this error. */
  failReads: Error | undefined;
  /** When set, `clear()` throws this error (the clipboard's owner is gone). */
  failClears: Error | undefined;

  async writeText(text: string, options: { concealed: boolean }): Promise<void> {
    this.writes.push({ concealed: options.concealed });
    this.text = text;
  }

  async readText(): Promise<string> {
    if (this.failReads) throw this.failReads;
    return this.text;
  }

  async clear(): Promise<void> {
    if (this.failClears) throw this.failClears;
    this.clears++;
    this.text = '';
  }

  /** Another application (or the user) copies something. */
  copyFromOtherApp(text: string): void {
    this.text = text;
  }

  /** What the clipboard holds now (synchronous, for assertions). */
  current(): string {
    return this.text;
  }
}
