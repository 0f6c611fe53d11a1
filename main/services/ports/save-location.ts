/**
 * Where the user wants a file saved. The desktop app asks with the OS save dialog
 * (main/platform/electron-save-location.ts); the browser preview saves into the directory it was
 * started with. Services never pick a path themselves: a certificate or a PFX is written only
 * where this port answered.
 */

/** What the dialog shows. */
export interface SaveRequest {
  title: string;
  /** File name proposed (no directory). */
  defaultName: string;
  /** The one file type offered, e.g. `{ name: 'PKCS#12 (PFX)', extensions: ['pfx'] }`. */
  filter: { name: string; extensions: string[] };
}

/** The save-location port. */
export interface SaveLocation {
  /** The absolute path the user chose, or undefined when they cancelled. */
  choose(request: SaveRequest): Promise<string | undefined>;
}
