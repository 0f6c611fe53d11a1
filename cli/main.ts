import { CommanderError } from 'commander';
import { describeFailure } from './cli-error.js';
import type { CliIo } from './cli-context.js';
import { EXIT } from './exit-codes.js';
import { buildProgram } from './program.js';

/**
 * Entry point of `jit-vault` (bin: cli/jit-vault.mjs). Values go to stdout only for `read`; every
 * message goes to stderr. The process exits explicitly with the documented code once stdout has
 * drained: the core keeps timers (PIM sync, idle lock) that would otherwise hold it open.
 */
async function main(argv: string[]): Promise<number> {
  const controller = new AbortController();
  const io: CliIo = {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    signal: controller.signal,
  };
  let code: number | undefined;
  const program = buildProgram(io, (c) => (code = c));
  const interrupt = () => {
    if (controller.signal.aborted) process.exit(EXIT.interrupted);
    controller.abort();
  };
  // `run` forwards signals to its child itself; everywhere else the first SIGINT stops waiting.
  if (argv[2] !== 'run') {
    process.on('SIGINT', interrupt);
    process.on('SIGTERM', interrupt);
  }
  try {
    await program.parseAsync(argv);
    if (argv.length <= 2) program.outputHelp();
    return code ?? EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    const failure = describeFailure(error);
    io.stderr(`jit-vault: ${failure.message}\n`);
    if (process.env.JIT_VAULT_DEBUG && error instanceof Error) io.stderr(`(${error.name}${error.cause instanceof Error ? ` caused by ${error.cause.name}` : ''})\n`);
    return failure.exitCode;
  }
}

const exitCode = await main(process.argv);
// Exit once both streams are flushed (a pipe reader must get the whole value).
process.stdout.write('', () => process.stderr.write('', () => process.exit(exitCode)));
