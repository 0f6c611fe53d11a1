/**
 * The system clipboard. `concealed` asks the adapter to mark the text as a password: the Electron
 * adapter writes the OS formats that keep it out of clipboard history and cloud sync.
 */
export interface Clipboard {
  writeText(text: string, options: { concealed: boolean }): void | Promise<void>;
  readText(): string | Promise<string>;
  clear(): void | Promise<void>;
}
