import type { Command } from 'commander';
import { UsageError } from '../cli-error.js';
import type { CliIo, CoreHandle, GlobalOptions } from '../cli-context.js';
import { runChild } from '../child-runner.js';
import { parseBinding, readEnvFile, type EnvBinding } from '../env-file.js';
import { parseKvRef } from '../kv-ref.js';
import { secretReader, type InlineActivation } from '../secret-reader.js';

/** Options `read` and `run` share for `--activate`. */
function addActivateOptions(command: Command): Command {
  return command
    .option('--activate', 'if the vault is locked, activate its PIM group first and wait until Key Vault answers')
    .option('--justification <text>', 'why (with --activate; required by most PIM policies)')
    .option('--ticket <number>', 'ticket number (with --activate, where the policy asks for one)')
    .option('--duration <duration>', 'activation length with --activate: PT1H, PT30M or minutes (default 60, capped by policy)');
}

function inlineOf(options: InlineActivation): InlineActivation {
  return {
    ...(options.activate ? { activate: true } : {}),
    ...(options.justification ? { justification: options.justification } : {}),
    ...(options.ticket ? { ticket: options.ticket } : {}),
    ...(options.duration ? { duration: options.duration } : {}),
  };
}

/** `read` and `run`. */
export function registerSecretCommands(program: Command, global: () => GlobalOptions, core: CoreHandle, io: CliIo, done: (code: number) => void): void {
  addActivateOptions(
    program
      .command('read')
      .summary('print a secret value on stdout')
      .description('Prints the value of kv://<vault>/<secret>[/<version>] on stdout and nothing else. Every read is recorded in the audit journal (names, never the value).')
      .argument('<reference>', 'kv://<vault>/<secret>[/<version>]')
      .option('-n, --no-newline', 'do not print a newline after the value'),
  ).action(async (reference: string, options: InlineActivation & { newline: boolean }) => {
    const ref = parseKvRef(reference);
    const value = await secretReader(global(), core, io, inlineOf(options))(ref);
    io.stdout(options.newline ? `${value}\n` : value);
    done(0);
  });

  addActivateOptions(
    program
      .command('run')
      .summary('run a command with secrets in its environment')
      .description(
        'Resolves the kv:// references, then runs the command with them in its ENVIRONMENT only (never on a command line). ' +
          'Signals are forwarded and the exit code is the command\'s. Any resolved value the command prints is masked.',
      )
      .option('--env <NAME=kv://vault/secret>', 'a variable to set (repeatable)', (value: string, all: string[]) => [...all, value], [] as string[])
      .option('--env-file <file>', 'a file of NAME=kv://… lines (# comments, blank lines, optional "export ")', (value: string, all: string[]) => [...all, value], [] as string[])
      .argument('<command...>', 'the command and its arguments, after --')
      .usage('[options] -- <command> [args...]'),
  ).action(async (commandLine: string[], options: InlineActivation & { env: string[]; envFile: string[] }) => {
    const bindings: EnvBinding[] = [...options.envFile.flatMap((file) => readEnvFile(file)), ...options.env.map((text, i) => parseBinding(text, `--env #${i + 1}`))];
    if (bindings.length === 0) throw new UsageError('Nothing to inject: give --env NAME=kv://<vault>/<secret> or --env-file FILE.');
    const read = secretReader(global(), core, io, inlineOf(options));
    const env: Record<string, string> = {};
    const masked: string[] = [];
    for (const binding of bindings) {
      if ('literal' in binding) {
        env[binding.name] = binding.literal;
        continue;
      }
      const value = await read(binding.ref);
      env[binding.name] = value;
      masked.push(value);
    }
    const [command, ...args] = commandLine as [string, ...string[]];
    done(await runChild(command, args, env, masked));
  });
}
