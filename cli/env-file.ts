import { readFileSync } from 'node:fs';
import { UsageError } from './cli-error.js';
import { parseKvRef, type KvRef } from './kv-ref.js';

/** One variable for `run`: a kv:// reference to resolve, or a literal from an env file. */
export type EnvBinding = { name: string; ref: KvRef } | { name: string; literal: string };

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Parses `NAME=kv://vault/secret` (from `--env`); `where` names the source in errors. */
export function parseBinding(text: string, where: string): EnvBinding {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new UsageError(`${where}: expected NAME=kv://<vault>/<secret>, got "${text}".`);
  const name = text.slice(0, eq).trim();
  const value = text.slice(eq + 1).trim();
  if (!NAME.test(name)) throw new UsageError(`${where}: "${name}" is not a valid environment variable name (letters, digits and _, not starting with a digit).`);
  if (value.startsWith('kv://')) {
    try {
      return { name, ref: parseKvRef(value) };
    } catch (error) {
      throw new UsageError(`${where}: ${(error as Error).message}`);
    }
  }
  if (where.startsWith('--env')) throw new UsageError(`${where}: ${name} must be a kv:// reference (put other values in the environment or an env file).`);
  return { name, literal: unquote(value) };
}

/**
 * Reads an env file: `NAME=kv://…` or `NAME=literal` lines, `#` comments, blank lines and an optional
 * `export ` prefix (so the same file can be sourced by a shell for its literals). Every bad line is
 * reported with its number, all at once, so a script author fixes the file in one go.
 */
export function readEnvFile(path: string): EnvBinding[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`Cannot read the env file ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  const bindings: EnvBinding[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    try {
      bindings.push(parseBinding(line.replace(/^export\s+/, ''), `${path}:${index + 1}`));
    } catch (error) {
      problems.push((error as Error).message);
    }
  });
  if (problems.length) throw new UsageError(`The env file has ${problems.length} bad line${problems.length > 1 ? 's' : ''}:\n  ${problems.join('\n  ')}`);
  return bindings;
}

function unquote(value: string): string {
  const quoted = /^(['"])(.*)\1$/.exec(value);
  return quoted ? quoted[2]! : value;
}
