import type { Command } from 'commander';
import { UsageError } from '../cli-error.js';
import type { CliIo } from '../cli-context.js';

/** Each command with its long options, read from the program itself so completions never drift. */
function commandTable(program: Command): { name: string; options: string[] }[] {
  const globals = program.options.map((o) => o.long).filter((l): l is string => Boolean(l));
  return program.commands.map((c) => ({ name: c.name(), options: [...c.options.map((o) => o.long).filter((l): l is string => Boolean(l)), ...globals, '--help'] }));
}

function bash(program: Command): string {
  const table = commandTable(program);
  const cases = table.map((c) => `    ${c.name}) opts="${c.options.join(' ')}" ;;`).join('\n');
  return `# jit-vault bash completion. Install: jit-vault completion bash > ~/.local/share/bash-completion/completions/jit-vault
_jit_vault() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" cmd="" opts="" i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in -*) ;; *) cmd="\${COMP_WORDS[i]}"; break ;; esac
  done
  if [[ -z "$cmd" ]]; then
    COMPREPLY=( $(compgen -W "${table.map((c) => c.name).join(' ')} ${program.options.map((o) => o.long).join(' ')} --help --version" -- "$cur") )
    return
  fi
  case "$cmd" in
${cases}
  esac
  if [[ "$cur" == -* ]]; then COMPREPLY=( $(compgen -W "$opts" -- "$cur") ); else COMPREPLY=( $(compgen -f -- "$cur") ); fi
}
complete -F _jit_vault jit-vault
`;
}

function zsh(program: Command): string {
  const table = commandTable(program);
  const commands = table.map((c) => `    '${c.name}:${(program.commands.find((x) => x.name() === c.name)?.summary() ?? '').replace(/'/g, '')}'`).join('\n');
  const cases = table.map((c) => `    ${c.name}) _arguments ${c.options.map((o) => `'${o}[]'`).join(' ')} '*:file:_files' ;;`).join('\n');
  return `#compdef jit-vault
# jit-vault zsh completion. Install: jit-vault completion zsh > "\${fpath[1]}/_jit-vault"
_jit_vault() {
  local -a commands
  commands=(
${commands}
  )
  if (( CURRENT == 2 )); then _describe 'command' commands; return; fi
  case "\${words[2]}" in
${cases}
  esac
}
compdef _jit_vault jit-vault
`;
}

function powershell(program: Command): string {
  const table = commandTable(program);
  const map = table.map((c) => `    '${c.name}' = @(${c.options.map((o) => `'${o}'`).join(', ')})`).join('\n');
  return `# jit-vault PowerShell completion. Install: jit-vault completion powershell | Out-String | Invoke-Expression  (add to $PROFILE)
Register-ArgumentCompleter -Native -CommandName jit-vault -ScriptBlock {
  param($wordToComplete, $commandAst, $cursorPosition)
  $options = @{
${map}
  }
  $words = @($commandAst.CommandElements | Select-Object -Skip 1 | ForEach-Object { $_.ToString() })
  $command = $words | Where-Object { $_ -notlike '-*' } | Select-Object -First 1
  if (-not $command -or ($words.Count -eq 1 -and $wordToComplete -eq $command)) { $candidates = $options.Keys }
  else { $candidates = $options[$command] }
  $candidates | Where-Object { $_ -like "$wordToComplete*" } | ForEach-Object { [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_) }
}
`;
}

/** `completion <shell>`: prints a completion script built from the program's commands and options. */
export function registerCompletion(program: Command, io: CliIo, done: (code: number) => void): void {
  program
    .command('completion')
    .summary('print a shell completion script (bash, zsh, powershell)')
    .argument('<shell>', 'bash, zsh or powershell')
    .action((shell: string) => {
      const make = { bash, zsh, powershell, pwsh: powershell }[shell.toLowerCase()];
      if (!make) throw new UsageError(`No completion for "${shell}": choose bash, zsh or powershell.`);
      io.stdout(make(program));
      done(0);
    });
}
