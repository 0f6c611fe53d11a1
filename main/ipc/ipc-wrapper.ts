import type { ErrorCode, IpcResult } from '../../shared/domain/types.js';
import { invokeChannels, type InvokeChannel } from '../../shared/ipc/contract.js';
import { isAppError } from '../services/errors.js';
import type { Logger } from '../services/ports/logger.js';
import { formatPath, describeIssue } from '../services/settings/settings-error.js';
import type { HandlerTable } from './handler-table.js';

/**
 * The one way into the handler table, whatever the transport (Electron's ipcMain, the preview's
 * WebSocket). In order, before any handler runs: the sender must be trusted, the channel must be
 * in the contract, the argument must parse with the channel's zod schema. Whatever happens, the
 * caller gets an `IpcResult` value — nothing thrown crosses the boundary (VS Code's
 * `validatedIpcMain` plus CONVENTIONS §1 and §7).
 */

/** A handler refused its (schema-valid) argument: answered as 'bad-request' with this message. */
export class BadRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadRequestError';
  }
}

/** Options of `createIpcDispatcher`. */
export interface IpcDispatcherOptions<Sender> {
  /** Whether this sender may call at all. A throwing check counts as "no". */
  isTrustedSender(sender: Sender): boolean;
  logger?: Logger;
}

/** Dispatches one call; never rejects. */
export interface IpcDispatcher<Sender> {
  dispatch(channel: unknown, rawArgs: unknown, sender: Sender): Promise<IpcResult<unknown>>;
  /** The contract channels this dispatcher answers (for the adapter's `ipcMain.handle` loop). */
  readonly channels: readonly InvokeChannel[];
}

const GENERIC_MESSAGE = 'Something unexpected went wrong. Try again; if it keeps happening, send the diagnostic log to support.';
const MAX_ISSUES = 3;
const MAX_ISSUE_CHARS = 160;

const fail = (code: ErrorCode, message: string): IpcResult<never> => ({ ok: false, code, message });

/**
 * Creates the dispatcher over a handler table and the context handlers receive (the app core).
 * The channel lookup uses a Map built from the contract, so `__proto__`, `constructor` and other
 * inherited names are simply unknown.
 */
export function createIpcDispatcher<Context, Sender>(table: HandlerTable<Context>, context: Context, options: IpcDispatcherOptions<Sender>): IpcDispatcher<Sender> {
  const channels = Object.keys(invokeChannels) as InvokeChannel[];
  const known = new Map<string, InvokeChannel>(channels.map((channel) => [channel, channel]));
  const log = options.logger;

  const dispatch = async (channel: unknown, rawArgs: unknown, sender: Sender): Promise<IpcResult<unknown>> => {
    let trusted = false;
    try {
      trusted = options.isTrustedSender(sender) === true;
    } catch {
      trusted = false;
    }
    const name = typeof channel === 'string' ? known.get(channel) : undefined;
    if (!trusted) {
      log?.warn('ipc: refused a call from an untrusted sender', { channel: name ?? 'unknown' });
      return fail('forbidden-sender', 'This request did not come from the JIT Vault window and was refused.');
    }
    if (!name) {
      log?.warn('ipc: refused an unknown channel');
      return fail('unknown-channel', 'JIT Vault does not know this request.');
    }
    const parsed = parseArgs(name, rawArgs);
    if (!parsed.ok) return fail('bad-request', parsed.message);
    try {
      const handler = table[name] as (args: unknown, context: Context) => unknown;
      const value = await handler(parsed.value, context);
      return { ok: true, value };
    } catch (error) {
      return toFailure(name, error, log);
    }
  };

  return { dispatch, channels };
}

/** zod-parses the argument. `undefined` means "no argument" (`{}`); a schema that throws is a bad request too. */
function parseArgs(channel: InvokeChannel, rawArgs: unknown): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    const result = invokeChannels[channel].input.safeParse(rawArgs === undefined ? {} : rawArgs);
    if (result.success) return { ok: true, value: result.data };
    // Field paths and rule text only — never the value sent (it could be huge, or a secret pasted by mistake).
    const issues = result.error.issues.slice(0, MAX_ISSUES).map((issue) => {
      const subject = issue.path.length ? `${formatPath(issue.path)} ` : issue.code === 'unrecognized_keys' ? '' : 'the request ';
      return clip(`${subject}${describeIssue(issue)}`);
    });
    const more = result.error.issues.length > MAX_ISSUES ? ` (and ${result.error.issues.length - MAX_ISSUES} more)` : '';
    return { ok: false, message: `The request "${channel}" is not valid: ${issues.join('; ')}${more}.` };
  } catch {
    return { ok: false, message: `The request "${channel}" could not be read.` };
  }
}

function clip(text: string): string {
  return text.length > MAX_ISSUE_CHARS ? `${text.slice(0, MAX_ISSUE_CHARS - 1)}…` : text;
}

/** Typed errors keep their code and plain message; anything else is 'unknown', logged by name only. */
function toFailure(channel: InvokeChannel, error: unknown, log: Logger | undefined): IpcResult<never> {
  if (isAppError(error)) {
    log?.info('ipc: request failed', { channel, code: error.code });
    return fail(error.code, error.message);
  }
  if (error instanceof BadRequestError) return fail('bad-request', error.message);
  log?.error('ipc: handler failed unexpectedly', { channel, error: error instanceof Error ? error.name : typeof error });
  return fail('unknown', GENERIC_MESSAGE);
}
