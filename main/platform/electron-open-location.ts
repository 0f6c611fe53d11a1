import type { BaseWindow, Dialog, OpenDialogOptions } from 'electron';
import type { OpenLocation, OpenRequest } from '../services/ports/open-location.js';

/** What the adapter needs of Electron (the real `dialog` fits; test/shell's model implements the same Pick). */
export interface OpenDialogDeps {
  dialog: Pick<Dialog, 'showOpenDialog'>;
  /** The window the dialog is modal to (the main window when open), or none. */
  parent(): BaseWindow | undefined;
  /** The folder shown first (the user's Downloads: `app.getPath('downloads')`). */
  defaultDir(): string;
}

/**
 * The OpenLocation port on Electron's open dialog (https://www.electronjs.org/docs/latest/api/dialog):
 * `showOpenDialog` resolves `{ canceled, filePaths }`, `filePaths` empty when cancelled. One file only
 * (`openFile` without `multiSelections`); the file is not added to the recent-documents list
 * (`dontAddToRecent`, Windows): where a private key lives is not something to advertise.
 */
export class ElectronOpenLocation implements OpenLocation {
  constructor(private readonly deps: OpenDialogDeps) {}

  async choose(request: OpenRequest): Promise<string | undefined> {
    const options: OpenDialogOptions = {
      title: request.title,
      defaultPath: this.deps.defaultDir(),
      filters: [...request.filters.map((f) => ({ name: f.name, extensions: [...f.extensions] })), { name: 'All files', extensions: ['*'] }],
      properties: ['openFile', 'dontAddToRecent'],
    };
    const parent = this.deps.parent();
    const result = parent ? await this.deps.dialog.showOpenDialog(parent, options) : await this.deps.dialog.showOpenDialog(options);
    return result.canceled ? undefined : result.filePaths[0];
  }
}
