import { AppError, isAppError } from '../main/services/errors.js';
import { EXIT, exitCodeFor } from './exit-codes.js';

/** A failure the command line reports itself: plain text on stderr and a documented exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Bad input on the command line or in a file it was given (exit 2). */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, EXIT.usage);
    this.name = 'UsageError';
  }
}

/** The message and exit code for anything a command threw (service errors keep the app's wording). */
export function describeFailure(error: unknown): { message: string; exitCode: number } {
  if (error instanceof CliError) return { message: error.message, exitCode: error.exitCode };
  if (isAppError(error)) return { message: error.message, exitCode: exitCodeFor((error as AppError).code) };
  const name = error instanceof Error ? error.name : 'Error';
  return { message: `jit-vault failed unexpectedly (${name}). Run again with JIT_VAULT_DEBUG=1 for the log location.`, exitCode: EXIT.failure };
}
