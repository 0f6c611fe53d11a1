import { Command, Option } from 'commander';
import type { CliIo, GlobalOptions } from './cli-context.js';
import { CoreHandle } from './cli-context.js';
import { registerCatalogCommands } from './commands/catalog-commands.js';
import { registerCompletion } from './commands/completion.js';
import { registerPimCommands } from './commands/pim-commands.js';
import { registerSecretCommands } from './commands/secret-commands.js';
import { registerSessionCommands } from './commands/session-commands.js';

const EXIT_CODE_HELP = `
Exit codes:
  0  success                      4  vault locked: activate its PIM group (the message names it)
  1  other failure                5  denied (no role, firewall, not eligible, request denied)
  2  usage or input error         6  unknown vault, secret or version
  3  not signed in / no identity  7  network, throttling or timeout
  130 interrupted (the PIM request, if any, stays pending)

Examples:
  jit-vault login --device-code
  jit-vault read kv://kv-contoso-servers/dc01-administrator -n
  jit-vault run --env PASS=kv://kv-contoso-network/core-switch-enable -- ./backup-switch.sh
  jit-vault activate PIM-Helpdesk-Servers --justification "INC-4711 restore" --wait
  jit-vault --identity read kv://kv-contoso-network/core-switch-enable      (on an Azure VM)`;

/**
 * The `jit-vault` program: commander 14, one register function per group of commands. `done(code)`
 * records the exit code; main.ts exits with it once output is flushed.
 */
export function buildProgram(io: CliIo, done: (code: number) => void): Command {
  const program = new Command('jit-vault');
  program
    .description('Just-in-time Key Vault secrets for scripts: your JIT Vault session (PIM) or the machine\'s managed identity.')
    .version('0.1.0')
    .addOption(new Option('--settings <file>', 'JIT Vault settings file (the app\'s schema); default: the app\'s own'))
    .addOption(new Option('--identity', 'authenticate as this machine\'s managed identity (Azure VM, App Service, Functions, Arc): no PIM, no keychain'))
    .addOption(new Option('--client-id <id>', 'with --identity: a user-assigned identity\'s client id'))
    .addHelpText('after', EXIT_CODE_HELP)
    .showHelpAfterError('(run jit-vault --help for usage)')
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) })
    .exitOverride();
  const global = () => program.opts<GlobalOptions>();
  const core = new CoreHandle(new Proxy({} as GlobalOptions, { get: (_t, key: keyof GlobalOptions) => global()[key] }), io);
  registerSessionCommands(program, global, core, io, done);
  registerSecretCommands(program, global, core, io, done);
  registerPimCommands(program, global, core, io, done);
  registerCatalogCommands(program, global, core, io, done);
  registerCompletion(program, io, done);
  for (const command of program.commands) command.exitOverride().configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) });
  return program;
}
