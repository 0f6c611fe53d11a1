import { resolveAppPaths, type AppPaths } from '../main/services/paths/app-paths.js';

/**
 * The command line runs from the sources through tsx (cli/jit-vault.mjs): there is no packaged CLI
 * yet, so every run is a development build, and the app's development-only environment overrides
 * (JIT_VAULT_USER_DIR, JIT_VAULT_POLICY_FILE, ...) apply as they do to an unpackaged app. A
 * packaged CLI must set this to false.
 */
export const CLI_DEVELOPMENT_BUILD = true;

/** The app's paths as this CLI build sees them. */
export function cliPaths(): AppPaths {
  return resolveAppPaths({ developmentBuild: CLI_DEVELOPMENT_BUILD });
}

/**
 * Loopback (sandbox) endpoints for a configured tenant: only when explicitly asked for with
 * JIT_VAULT_ALLOW_LOOPBACK=1 in a development build — never from a settings file alone, since
 * another local user can listen on a loopback port (docs/security.md, trusted endpoints).
 */
export function cliAllowsLoopback(env: NodeJS.ProcessEnv = process.env): boolean {
  return CLI_DEVELOPMENT_BUILD && env.JIT_VAULT_ALLOW_LOOPBACK === '1';
}
