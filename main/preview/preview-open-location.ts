import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { AppError } from '../services/errors.js';
import type { OpenLocation, OpenRequest } from '../services/ports/open-location.js';

/**
 * The OpenLocation port in the browser preview, which has no OS open dialog: the file to import is
 * the newest one of a folder the preview owns (`<state-dir>/imports`, or `--import-dir`) whose
 * extension the request offers. The preview serves the sandbox tenant only, so what is imported
 * there is demo material; an empty folder gets an error that names it, so the user knows where to
 * put the file.
 */
export class PreviewOpenLocation implements OpenLocation {
  constructor(private readonly dir: string) {}

  async choose(request: OpenRequest): Promise<string> {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const extensions = new Set(request.filters.flatMap((f) => f.extensions.map((e) => `.${e.toLowerCase()}`)));
    const newest = readdirSync(this.dir)
      .filter((name) => extensions.has(extname(name).toLowerCase()))
      .map((name) => ({ path: join(this.dir, name), mtime: statSync(join(this.dir, name)).mtimeMs }))
      .sort((a, b) => b.mtime - a.mtime)[0];
    if (!newest) {
      throw new AppError('item-unsupported', `The browser preview has no file dialog: put the file to import (${[...extensions].join(', ')}) into ${this.dir} and choose again.`);
    }
    return newest.path;
  }
}
