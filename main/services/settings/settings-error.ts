import type { z } from 'zod';
import { AppError } from '../errors.js';

/** One problem in a settings or policy file: where, and what is wrong, in plain words. */
export interface SettingsIssue {
  /** Field path as a person reads it: `vaults[1].url`, `timeouts.clipboardSeconds`, `(file)`. */
  path: string;
  message: string;
}

/**
 * A settings or policy file JIT Vault cannot use. The message names the file and every bad field
 * ("vaults[1].url: must be a URL") and says the file was left untouched.
 */
export class SettingsInvalidError extends AppError {
  constructor(
    readonly file: string,
    readonly issues: SettingsIssue[],
    readonly kind: 'settings' | 'policy' | 'favourites' = 'settings',
    options?: { cause?: unknown; advice?: string; subject?: string },
  ) {
    const shown = issues.slice(0, 8).map((issue) => (issue.path === '(file)' ? issue.message : `${issue.path}: ${issue.message}`));
    if (issues.length > shown.length) shown.push(`and ${issues.length - shown.length} more`);
    const what = kind === 'policy' ? "Your administrator's policy file" : kind === 'favourites' ? 'The favourites file' : 'The settings file';
    const subject = options?.subject ?? `${what} "${file}" is not valid`;
    super('settings-invalid', `${subject}: ${shown.join('; ')}. ${options?.advice ?? 'JIT Vault has not changed the file. Fix it and restart JIT Vault.'}`, options);
    this.name = 'SettingsInvalidError';
  }
}

/** Formats a zod path the way a person writes it: `vaults[1].url`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(top level)' : out;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text in quotes',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list [...]',
  object: 'an object {...}',
};

/**
 * Plain-language text for one zod issue. Our own messages ("must be a GUID") are kept; zod's generic
 * ones are rewritten. Values are never echoed: a mistyped field could hold something sensitive.
 */
export function describeIssue(issue: z.core.$ZodIssue): string {
  // Messages written in our schemas do not start with zod's "Invalid ..." / "Too ..." wording.
  if (!/^(Invalid|Too (big|small)|Unrecognized)/.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type': {
      const received = /received (\w+)/.exec(issue.message)?.[1];
      if (received === 'undefined') return 'is required';
      return `must be ${TYPE_WORDS[issue.expected] ?? issue.expected}${received ? ` (found ${received === 'number' && issue.expected === 'int' ? 'a fraction' : received})` : ''}`;
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'array') return `must list at least ${min} item${min === 1 ? '' : 's'}`;
      if (issue.origin === 'string') return min <= 1 ? 'must not be empty' : `must be at least ${min} characters`;
      return `must be at least ${min}`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'array') return `must list at most ${max} items`;
      if (issue.origin === 'string') return `must be at most ${max} characters`;
      return `must be at most ${max}`;
    }
    case 'invalid_value':
      return `must be one of: ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'invalid_format':
      return issue.format === 'url' ? 'must be a URL' : `must be a valid ${issue.format}`;
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((key) => `"${key}"`).join(', ')} (check the spelling)`;
    default:
      return issue.message;
  }
}

/** Converts a zod error into issues with readable paths. Unknown-key issues point at the field itself. */
export function toSettingsIssues(error: z.ZodError): SettingsIssue[] {
  return error.issues.map((issue) => ({ path: formatPath(issue.path), message: describeIssue(issue) }));
}

/**
 * Parses JSON text, turning a syntax error into an issue with line and column (V8 reports a character
 * position). A UTF-8 byte-order mark (Windows Notepad writes one) is accepted.
 */
export function parseJsonText(text: string): { ok: true; value: unknown } | { ok: false; issue: SettingsIssue } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') return { ok: false, issue: { path: '(file)', message: 'the file is empty' } };
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /at position (\d+)/.exec(message)?.[1] ?? positionFromContext(body, message);
    let where = '';
    if (position !== undefined) {
      const before = body.slice(0, Number(position));
      const line = before.split('\n').length;
      const column = Number(position) - before.lastIndexOf('\n');
      where = ` at line ${line}, column ${column}`;
    }
    // V8's own wording names a token, never more than a character or two of the file.
    // V8 sometimes quotes a stretch of the file ('Unexpected token 'x', "{..." is not valid JSON'):
    // keep only the token, so nothing of the file's content is echoed into logs or dialogs.
    const reason = message
      .replace(/,\s*(\.\.\.)?"[\s\S]*"(\.\.\.)? is not valid JSON$/, '')
      .replace(/ (in|after) JSON at position \d+.*$/, '')
      .replace(/^Unexpected end of JSON input$/, 'the file ends too early');
    return { ok: false, issue: { path: '(file)', message: `not valid JSON${where} (${reason})` } };
  }
}

/**
 * V8 reports "Unexpected token" errors without a position but with up to 10 characters of context on
 * each side of the bad token (json-parser.cc, kMaxContextCharacters), marked with "..." where cut.
 * Locating that excerpt in the text gives the position back.
 */
function positionFromContext(body: string, message: string): number | undefined {
  const match = /, (\.\.\.)?"([\s\S]*)"(\.\.\.)? is not valid JSON$/.exec(message);
  if (!match) return undefined;
  const [, cutBefore, excerpt = '', cutAfter] = match;
  const start = body.indexOf(excerpt);
  if (start < 0 || (!cutBefore && !cutAfter)) return undefined;
  return cutBefore ? start + 10 : start + excerpt.length - 10;
}
