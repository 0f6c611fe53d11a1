import { join } from 'node:path';
import type { BaseWindow, Dialog, SaveDialogOptions } from 'electron';
import type { SaveLocation, SaveRequest } from '../services/ports/save-location.js';

/** What the adapter needs of Electron (the real `dialog` fits; test/shell's model implements the same Pick). */
export interface SaveDialogDeps {
  dialog: Pick<Dialog, 'showSaveDialog'>;
  /** The window the dialog is modal to (the main window when open), or none. */
  parent(): BaseWindow | undefined;
  /** The folder proposed first (the user's Downloads: `app.getPath('downloads')`). */
  defaultDir(): string;
}

/**
 * The SaveLocation port on Electron's save dialog (https://www.electronjs.org/docs/latest/api/dialog):
 * `showSaveDialog` resolves `{ canceled, filePath }`. The OS dialog asks before overwriting on Windows
 * and macOS; on Linux `showOverwriteConfirmation` asks for it. The file is never added to the
 * recent-documents list (`dontAddToRecent`, Windows): a PFX's path is not something to advertise.
 */
export class ElectronSaveLocation implements SaveLocation {
  constructor(private readonly deps: SaveDialogDeps) {}

  async choose(request: SaveRequest): Promise<string | undefined> {
    const options: SaveDialogOptions = {
      title: request.title,
      defaultPath: join(this.deps.defaultDir(), request.defaultName),
      filters: [{ name: request.filter.name, extensions: [...request.filter.extensions] }],
      properties: ['createDirectory', 'showOverwriteConfirmation', 'dontAddToRecent'],
    };
    const parent = this.deps.parent();
    const result = parent ? await this.deps.dialog.showSaveDialog(parent, options) : await this.deps.dialog.showSaveDialog(options);
    return result.canceled || !result.filePath ? undefined : result.filePath;
  }
}
