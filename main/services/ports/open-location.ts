/**
 * Which file the user wants to open (import). The desktop app asks with the OS open dialog
 * (main/platform/electron-open-location.ts); the browser preview, which has none, takes the newest
 * matching file of a folder it owns. Services never pick a path themselves: a file is read only
 * where this port answered.
 */

/** What the dialog shows. */
export interface OpenRequest {
  title: string;
  /** File types offered, first one selected, e.g. `{ name: 'Certificate with private key', extensions: ['pfx', 'p12', 'pem'] }`. */
  filters: { name: string; extensions: string[] }[];
}

/** The open-location port. */
export interface OpenLocation {
  /** The absolute path of the one file the user chose, or undefined when they cancelled. */
  choose(request: OpenRequest): Promise<string | undefined>;
}
