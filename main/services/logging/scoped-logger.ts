import type { Logger } from '../ports/logger.js';

/** The areas of JIT Vault that log: each has its own logger (see `scopedLogger`). */
export type LogArea =
  | 'core'
  | 'settings'
  | 'auth'
  | 'journal'
  | 'clipboard'
  | 'session'
  | 'vault'
  | 'certificates'
  | 'pim'
  | 'approvals'
  | 'expiry'
  | 'keychain'
  | 'ipc'
  | 'platform'
  | 'preview';

type Fields = Record<string, string | number | boolean | undefined>;

/** A Logger that stamps every line with its area; the one implementation behind `scopedLogger`. */
class ScopedLogger implements Logger {
  constructor(
    readonly base: Logger,
    readonly area: LogArea,
  ) {}

  info(message: string, fields?: Fields): void {
    this.base.info(message, this.stamp(fields));
  }

  warn(message: string, fields?: Fields): void {
    this.base.warn(message, this.stamp(fields));
  }

  error(message: string, fields?: Fields): void {
    this.base.error(message, this.stamp(fields));
  }

  /** `area` is written last: a caller's field of the same name cannot pass a line off as another area's. */
  private stamp(fields: Fields | undefined): Fields {
    return { ...fields, area: this.area };
  }
}

/**
 * The one way to get a logger for an area of the app: every line it writes carries `area`
 * ('auth', 'pim', 'vault', ...), so the log can be read (and filtered) per area without each
 * service prefixing its messages by hand. The composition roots (`createAppCore`, the Electron
 * main process, the preview) hand each service the logger of its area. Scoping a scoped logger
 * re-scopes the same underlying logger rather than nesting.
 */
export function scopedLogger(logger: Logger, area: LogArea): Logger {
  return new ScopedLogger(logger instanceof ScopedLogger ? logger.base : logger, area);
}
