/**
 * Variables that carry OUR trust decisions and must not reach processes that are not ours (issue 12
 * item 6): NODE_EXTRA_CA_CERTS makes any Node program (an Electron/VS Code/Teams instance that
 * `xdg-open` may start, a helper a desktop launches) trust the sandbox CA; the preview's re-exec
 * mark would make another preview believe it already trusts it.
 */
const OURS_ONLY = ['NODE_EXTRA_CA_CERTS', 'JIT_VAULT_PREVIEW_CA_SET'] as const;

/**
 * The environment to hand a foreign process (`xdg-open`, `open`, `cmd /c start`): ours minus the
 * variables above. Returns a copy; `env` is not changed.
 */
export function foreignProcessEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  for (const name of OURS_ONLY) delete copy[name];
  return copy;
}
