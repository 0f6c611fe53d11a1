import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ElectronSaveLocation } from '../../main/platform/electron-save-location.js';
import { dialog, fake, resetFakeElectron, BrowserWindow } from './model/electron-model.js';

/**
 * The SaveLocation port on Electron's save dialog, against the Electron model (whose `dialog`
 * satisfies `Pick<Electron.Dialog, 'showSaveDialog'>`): what the dialog is asked, modal to the main
 * window when there is one, and Cancel answering "no path" so nothing is written.
 */
describe('ElectronSaveLocation', () => {
  let dir: string;
  beforeEach(() => {
    resetFakeElectron();
    dir = mkdtempSync(join(tmpdir(), 'jit-vault-save-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const request = { title: 'Save the PFX', defaultName: 'rdp-gateway.pfx', filter: { name: 'PKCS#12', extensions: ['pfx', 'p12'] } };

  it('proposes the Downloads folder and the file name, one filter, overwrite confirmation, not in recent documents', async () => {
    fake.save.answer = join(dir, 'chosen.pfx');
    const location = new ElectronSaveLocation({ dialog, parent: () => undefined, defaultDir: () => dir });
    expect(await location.choose(request)).toBe(join(dir, 'chosen.pfx'));
    expect(fake.save.dialogs).toEqual([
      {
        modal: false,
        options: {
          title: 'Save the PFX',
          defaultPath: join(dir, 'rdp-gateway.pfx'),
          filters: [{ name: 'PKCS#12', extensions: ['pfx', 'p12'] }],
          properties: ['createDirectory', 'showOverwriteConfirmation', 'dontAddToRecent'],
        },
      },
    ]);
  });

  it('is modal to the main window when one is open', async () => {
    fake.save.answer = join(dir, 'x.pem');
    const window = new BrowserWindow({});
    const location = new ElectronSaveLocation({ dialog, parent: () => window as unknown as Electron.BaseWindow, defaultDir: () => dir });
    await location.choose(request);
    expect(fake.save.dialogs[0]!.modal).toBe(true);
  });

  it('answers undefined when the user cancels (Electron: canceled, empty filePath)', async () => {
    fake.save.answer = undefined;
    const location = new ElectronSaveLocation({ dialog, parent: () => undefined, defaultDir: () => dir });
    expect(await location.choose(request)).toBeUndefined();
    expect(() => statSync(join(dir, 'rdp-gateway.pfx'))).toThrow();
  });
});
