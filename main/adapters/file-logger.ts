import { appendFileSync, chmodSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Clock } from '../services/ports/clock.js';
import type { Logger } from '../services/ports/logger.js';
import { REFUSED_VALUE, isSensitiveFieldName, looksLikeToken, scrubText } from '../services/logging/redaction.js';

/** Field values the Logger port accepts. */
type FieldValue = string | number | boolean | undefined;
type LogLevel = 'info' | 'warn' | 'error';

/** Options of `FileLogger`. */
export interface FileLoggerOptions {
  /** Directory of the log files (created with mode 0700). */
  dir: string;
  clock: Clock;
  /** Base file name; rotated files are `<base>.1.log`, `<base>.2.log`, ... Default `jit-vault.log`. */
  fileName?: string;
  /** Rotate before a write would make the current file larger than this. Default 1 MiB. */
  maxBytes?: number;
  /** Rotated files kept besides the current one. Default 3. */
  maxFiles?: number;
}

const MAX_MESSAGE_CHARS = 2_000;
const MAX_FIELD_CHARS = 1_000;

/**
 * The diagnostic log: one JSON object per line (`time`, `level`, `message`, `fields`), rotated by
 * size, files mode 0600.
 *
 * Writes are synchronous on purpose: the log is low-volume, lines stay in call order, and the last
 * lines before a crash are on disk. Logging never throws into the caller — a full disk must not
 * break a PIM activation — failures are counted in `writeFailures` instead.
 *
 * Redaction guard: a field whose NAME is a credential word (`accessToken`, `password`, `value`) or
 * whose VALUE looks like a JWT, bearer credential or OAuth token parameter is refused (replaced by a
 * marker and listed in `refused`); token-shaped parts of the message are replaced by `[redacted]`.
 */
export class FileLogger implements Logger {
  /** Absolute path of the current log file. */
  readonly file: string;
  /** Number of lines that could not be written (disk full, permissions). */
  writeFailures = 0;

  private readonly maxBytes: number;
  private readonly maxFiles: number;
  private size: number | undefined;

  constructor(private readonly options: FileLoggerOptions) {
    this.file = path.join(options.dir, options.fileName ?? 'jit-vault.log');
    this.maxBytes = options.maxBytes ?? 1024 * 1024;
    this.maxFiles = Math.max(0, options.maxFiles ?? 3);
  }

  info(message: string, fields?: Record<string, FieldValue>): void {
    this.write('info', message, fields);
  }

  warn(message: string, fields?: Record<string, FieldValue>): void {
    this.write('warn', message, fields);
  }

  error(message: string, fields?: Record<string, FieldValue>): void {
    this.write('error', message, fields);
  }

  /** Path of rotated file number `n` (1 = most recent). */
  rotatedFile(n: number): string {
    const ext = path.extname(this.file);
    return `${this.file.slice(0, this.file.length - ext.length)}.${n}${ext}`;
  }

  private write(level: LogLevel, message: string, fields: Record<string, FieldValue> | undefined): void {
    try {
      const line = `${JSON.stringify(this.record(level, message, fields))}\n`;
      const bytes = Buffer.byteLength(line);
      this.ensureDir();
      if (this.size === undefined) this.size = existsSync(this.file) ? statSync(this.file).size : 0;
      if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
      appendFileSync(this.file, line, { mode: 0o600 });
      this.size += bytes;
    } catch {
      // Never throw from a log call; forget the cached size so the next write re-reads it.
      this.writeFailures++;
      this.size = undefined;
    }
  }

  private record(level: LogLevel, message: string, fields: Record<string, FieldValue> | undefined): Record<string, unknown> {
    const clean: Record<string, string | number | boolean> = {};
    const refused: string[] = [];
    for (const [key, value] of Object.entries(fields ?? {})) {
      if (value === undefined) continue;
      if (isSensitiveFieldName(key)) {
        clean[key] = REFUSED_VALUE;
        refused.push(key);
      } else if (typeof value === 'number' || typeof value === 'boolean') {
        clean[key] = value;
      } else if (typeof value !== 'string') {
        // The port types fields as primitives; an object (an Error, a response) could carry anything.
        clean[key] = '[refused: not a string, number or boolean]';
        refused.push(key);
      } else if (looksLikeToken(value)) {
        clean[key] = REFUSED_VALUE;
        refused.push(key);
      } else {
        clean[key] = truncate(value, MAX_FIELD_CHARS);
      }
    }
    const text = truncate(scrubText(String(message)), MAX_MESSAGE_CHARS);
    return {
      time: new Date(this.options.clock.now()).toISOString(),
      level,
      message: text,
      ...(Object.keys(clean).length > 0 ? { fields: clean } : {}),
      ...(refused.length > 0 ? { refused } : {}),
    };
  }

  private ensureDir(): void {
    if (!existsSync(this.options.dir)) mkdirSync(this.options.dir, { recursive: true, mode: 0o700 });
  }

  /** Shifts `<base>.log` → `<base>.1.log` → ... and drops the oldest beyond `maxFiles`. */
  private rotate(): void {
    if (this.maxFiles === 0) {
      rmSync(this.file, { force: true });
    } else {
      rmSync(this.rotatedFile(this.maxFiles), { force: true });
      for (let n = this.maxFiles - 1; n >= 1; n--) {
        if (existsSync(this.rotatedFile(n))) renameSync(this.rotatedFile(n), this.rotatedFile(n + 1));
      }
      renameSync(this.file, this.rotatedFile(1));
      chmodSync(this.rotatedFile(1), 0o600);
    }
    this.size = 0;
  }
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters)` : text;
}
