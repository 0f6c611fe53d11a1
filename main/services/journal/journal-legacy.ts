import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { GENESIS_HASH, canonicalJson } from './journal-entry.js';
import type { ChainLine } from './journal-verification.js';

/**
 * Journals written before the keyed chain (round 1: no `seq`, `hash` = SHA-256(prevHash + canonical
 * JSON of the other fields), nothing in the keychain). Without a migration, the first start of the
 * keyed version reported them as "key missing" — an alarm about the app's own upgrade.
 *
 * The migration runs only when the keychain has never held a key for this journal (so nobody can
 * pass off a forged unkeyed journal as "old" once the keyed chain exists), and only for an intact
 * unkeyed chain. It moves those files into LEGACY_DIR, unchanged, and the keyed chain then starts
 * from the old chain's last hash, recorded in the keychain anchor: a later edit or replacement of
 * the moved files no longer leads to that hash and is reported as a rewrite.
 */
export const LEGACY_DIR = 'before-keyed-chain';

/** The round-1 line hash (unkeyed). */
export function legacyChainHash(prevHash: string, body: Record<string, unknown>): string {
  const { prevHash: _p, hash: _h, ...rest } = body;
  return createHash('sha256').update(prevHash).update(canonicalJson(rest)).digest('hex');
}

/** Whether every line is an unkeyed round-1 line (parseable, with no sequence number). */
export function allLegacy(lines: readonly Pick<ChainLine, 'raw' | 'record'>[]): boolean {
  return lines.length > 0 && lines.every((line) => line.record !== undefined && !('seq' in line.raw));
}

/**
 * The last hash of an intact unkeyed chain from the genesis hash, or the 0-based index of the
 * first line that breaks it.
 */
export function legacyChainHead(lines: readonly Pick<ChainLine, 'raw' | 'record'>[]): { head: string } | { brokenAt: number } {
  let prev = GENESIS_HASH;
  for (const [index, line] of lines.entries()) {
    if (!line.record || line.record.prevHash !== prev || legacyChainHash(prev, line.raw) !== line.record.hash) return { brokenAt: index };
    prev = line.record.hash;
  }
  return { head: prev };
}

/** Moves the named journal files into LEGACY_DIR (unchanged, same names). */
export async function moveToLegacy(dir: string, names: readonly string[]): Promise<void> {
  await mkdir(path.join(dir, LEGACY_DIR), { recursive: true, mode: 0o700 });
  for (const name of names) await rename(path.join(dir, name), path.join(dir, LEGACY_DIR, name));
}

/** The moved files' texts, oldest first (none when nothing was ever migrated). */
export async function legacyFiles(dir: string, pattern: RegExp): Promise<{ file: string; text: string }[]> {
  const folder = path.join(dir, LEGACY_DIR);
  let names: string[];
  try {
    names = (await readdir(folder)).filter((name) => pattern.test(name)).sort();
  } catch {
    return [];
  }
  return Promise.all(names.map(async (name) => ({ file: path.join(folder, name), text: await readFile(path.join(folder, name), 'utf8') })));
}
