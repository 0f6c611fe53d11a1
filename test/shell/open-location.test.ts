import { describe, expect, it, beforeEach } from 'vitest';
import { ElectronOpenLocation } from '../../main/platform/electron-open-location.js';
import { dialog, fake, resetFakeElectron, BrowserWindow } from './model/electron-model.js';

/**
 * The OpenLocation port on Electron's open dialog, against the Electron model (whose `dialog`
 * satisfies `Pick<Electron.Dialog, 'showOpenDialog'>`): one file, the filters plus "All files",
 * modal to the main window when there is one, and Cancel answering "no path" so nothing is read.
 */
describe('ElectronOpenLocation', () => {
  beforeEach(() => resetFakeElectron());

  const request = { title: 'Import a certificate', filters: [{ name: 'Certificate with private key', extensions: ['pfx', 'p12', 'pem'] }] };

  it('opens one file from the Downloads folder, with the filters, not added to recent documents', async () => {
    fake.open.answer = '/home/ann/Downloads/web.pfx';
    const location = new ElectronOpenLocation({ dialog, parent: () => undefined, defaultDir: () => '/home/ann/Downloads' });
    expect(await location.choose(request)).toBe('/home/ann/Downloads/web.pfx');
    expect(fake.open.dialogs).toEqual([
      {
        modal: false,
        options: {
          title: 'Import a certificate',
          defaultPath: '/home/ann/Downloads',
          filters: [
            { name: 'Certificate with private key', extensions: ['pfx', 'p12', 'pem'] },
            { name: 'All files', extensions: ['*'] },
          ],
          properties: ['openFile', 'dontAddToRecent'],
        },
      },
    ]);
    expect(fake.open.dialogs[0]!.options.properties).not.toContain('multiSelections');
  });

  it('is modal to the main window when one is open', async () => {
    fake.open.answer = '/tmp/x.pem';
    const window = new BrowserWindow({});
    const location = new ElectronOpenLocation({ dialog, parent: () => window as unknown as Electron.BaseWindow, defaultDir: () => '/tmp' });
    await location.choose(request);
    expect(fake.open.dialogs[0]!.modal).toBe(true);
  });

  it('answers undefined when the user cancels (Electron: canceled, no file paths)', async () => {
    fake.open.answer = undefined;
    const location = new ElectronOpenLocation({ dialog, parent: () => undefined, defaultDir: () => '/tmp' });
    expect(await location.choose(request)).toBeUndefined();
  });
});
