import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { CliError } from './cli-error.js';
import { EXIT } from './exit-codes.js';
import { OutputMasker } from './output-masker.js';

/** Signals passed on to the child (the child decides how to end; we exit with its status). */
const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const;

/**
 * Runs `command args…` with `extraEnv` added to this process's environment — the only place the
 * values go: never the command line (visible to every local user in `ps`), never a file. stdin is
 * the child's own; stdout/stderr pass through OutputMasker so a value the child prints shows as
 * `<concealed by jit-vault>`. Signals are forwarded; resolves with the child's exit code (128 + n
 * when a signal ended it, as shells report it).
 */
export function runChild(command: string, args: string[], extraEnv: Record<string, string>, masked: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...extraEnv }, stdio: ['inherit', 'pipe', 'pipe'] });
    const forward = FORWARDED.map((signal) => {
      const handler = () => {
        if (child.exitCode === null) child.kill(signal);
      };
      process.on(signal, handler);
      return () => process.off(signal, handler);
    });
    const stdoutDone = pipeMasked(child.stdout!, process.stdout, masked);
    const stderrDone = pipeMasked(child.stderr!, process.stderr, masked);
    child.once('error', (error: NodeJS.ErrnoException) => {
      for (const off of forward) off();
      reject(new CliError(error.code === 'ENOENT' ? `Command not found: ${command}` : `Cannot start ${command}: ${error.message}`, error.code === 'ENOENT' ? 127 : EXIT.failure));
    });
    child.once('close', (code, signal) => {
      for (const off of forward) off();
      void Promise.all([stdoutDone, stderrDone]).then(() => resolve(code ?? 128 + (signal ? (constants.signals[signal] ?? 1) : 1)));
    });
  });
}

function pipeMasked(from: NodeJS.ReadableStream, to: NodeJS.WritableStream, masked: string[]): Promise<void> {
  const masker = new OutputMasker(masked);
  from.pipe(masker);
  masker.on('data', (chunk: Buffer | string) => to.write(chunk));
  return new Promise((resolve) => masker.once('end', () => resolve()));
}
