import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../../cli/cli-context.js';
import { buildProgram } from '../../../cli/program.js';

function harness() {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), stderrIsTTY: false, signal: new AbortController().signal };
  let code: number | undefined;
  const program = buildProgram(io, (c) => (code = c));
  return { program, out: () => stdout, err: () => stderr, code: () => code };
}

describe('jit-vault program', () => {
  it('has --help text with options for every command, and the exit codes in the root help', () => {
    const { program } = harness();
    const names = program.commands.map((c) => c.name());
    expect(names).toEqual(['login', 'logout', 'whoami', 'lock', 'read', 'run', 'activate', 'status', 'ls', 'search', 'completion']);
    for (const command of program.commands) expect(command.helpInformation()).toMatch(/^Usage: jit-vault /);
    let help = '';
    program.configureOutput({ writeOut: (s) => (help += s) });
    program.outputHelp();
    expect(help).toContain('4  vault locked');
  });

  it('an unknown command or option is a usage error (commander error, exit 2 in main)', async () => {
    const { program, err } = harness();
    await expect(program.parseAsync(['node', 'jit-vault', 'reed', 'kv://a/b'])).rejects.toMatchObject({ code: 'commander.unknownCommand' });
    expect(err()).toContain("unknown command 'reed'");
    const second = harness();
    await expect(second.program.parseAsync(['node', 'jit-vault', 'read', '--bogus', 'kv://kv-a1/b'])).rejects.toMatchObject({ code: 'commander.unknownOption' });
  });

  it('prints completion scripts for bash, zsh and PowerShell that list every command', async () => {
    for (const shell of ['bash', 'zsh', 'powershell']) {
      const { program, out, code } = harness();
      await program.parseAsync(['node', 'jit-vault', 'completion', shell]);
      expect(code()).toBe(0);
      for (const name of ['read', 'run', 'activate', 'status']) expect(out()).toContain(name);
      expect(out()).toContain('--justification');
    }
  });
});
