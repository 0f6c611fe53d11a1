import { existsSync, mkdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { SaveLocation, SaveRequest } from '../services/ports/save-location.js';

/**
 * The SaveLocation port in the browser preview, which has no OS save dialog: files go into one
 * folder the preview owns (`<state-dir>/downloads`, or `--save-dir`), under the proposed name made
 * safe and never overwriting (`name-2.pfx`, …). The preview serves the sandbox tenant only, so what
 * lands there is demo material; the page is told the file's name.
 */
export class PreviewSaveLocation implements SaveLocation {
  constructor(private readonly dir: string) {}

  async choose(request: SaveRequest): Promise<string> {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    // The name comes from a certificate name (letters, digits, dashes) plus a suffix; keep it that plain.
    const safe = request.defaultName.replace(/[^0-9A-Za-z._-]/g, '_').replace(/^\.+/, '') || 'certificate';
    const ext = extname(safe);
    const stem = safe.slice(0, safe.length - ext.length);
    let path = join(this.dir, safe);
    for (let n = 2; existsSync(path); n++) path = join(this.dir, `${stem}-${n}${ext}`);
    return path;
  }
}
