import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes `data` to `file` so a reader sees either the old bytes or the new ones, never a mix or a
 * truncated file: write a temp file beside it (same directory = same filesystem), flush it, then
 * rename over the target (atomic on POSIX; on Windows Node's rename uses MoveFileEx with
 * REPLACE_EXISTING). The directory is created with mode 0700 and the file with 0600: these files hold
 * tenant ids and vault names, which are nobody else's business.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx', 0o600);
    try {
      await (typeof data === 'string' ? handle.writeFile(data, 'utf8') : handle.writeFile(data));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}

/** Makes the rename itself durable (POSIX). Windows cannot open a directory for fsync: skip there. */
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Best effort: some filesystems refuse fsync on a directory; the data file itself is synced.
  }
}

/** Reads a file as UTF-8, or `undefined` when it does not exist. Other errors (permissions) are thrown. */
export async function readFileIfExists(file: string): Promise<string | undefined> {
  return (await readBytesIfExists(file))?.toString('utf8');
}

/** Reads a file's bytes, or `undefined` when it does not exist. Other errors (permissions) are thrown. */
export async function readBytesIfExists(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Serialises async operations (one settings/favourites write at a time, in call order). A failure
 * reaches its caller without blocking the operations queued after it.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.tail.then(operation);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
