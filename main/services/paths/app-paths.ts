import { homedir } from 'node:os';
import path from 'node:path';

/**
 * Where JIT Vault keeps its files on each OS. Pure: the platform, environment and home directory are
 * inputs, so every OS's layout is unit-tested on any OS (and the Electron composition root can pass
 * `app.getPath(...)`-equivalent values through the env overrides without this file importing electron).
 *
 * User files (settings, favourites, pending PIM request ids, audit journal) live in the per-user config
 * dir; the diagnostic log lives where each OS expects logs. The ADMIN policy file lives in a
 * machine-wide location only administrators can write.
 */
export interface AppPaths {
  /** Per-user directory holding the files below (created on first write, mode 0700). */
  readonly userDir: string;
  /** The user's settings (JSON). */
  readonly settingsFile: string;
  /** Favourite secret names (names only, never values). */
  readonly favouritesFile: string;
  /** Encrypted catalog metadata for a warm start (key in the OS keychain; see CatalogCache). */
  readonly catalogCacheFile: string;
  /** Ids of PIM requests still being followed, so a restart resumes them (ids only, never tokens). */
  readonly pendingRequestsFile: string;
  /** Append-only, hash-chained audit journal (JSON Lines). */
  readonly journalDir: string;
  /** `jit-vault lock` writes here; a running app watches it and locks (see lock-request-file.ts). */
  readonly lockRequestFile: string;
  /** Diagnostic log (JSON Lines, rotated). */
  readonly logDir: string;
  /** The admin-managed policy file (read only; never written by the app). */
  readonly policyFile: string;
}

/** Environment variables that override the defaults (tests, portable installs, managed deployments). */
export const PATH_ENV = {
  /** Replaces the per-user directory (settings, favourites, pending requests, journal; logs too unless `logDir` is set). */
  userDir: 'JIT_VAULT_USER_DIR',
  /** Replaces the log directory. */
  logDir: 'JIT_VAULT_LOG_DIR',
  /**
   * Replaces the admin policy file path — honoured only in development builds (`developmentBuild`):
   * in a packaged app it would let whoever sets the variable swap the administrator's policy.
   */
  policyFile: 'JIT_VAULT_POLICY_FILE',
} as const;

/** The folder name on Windows and macOS (where spaces are customary); Linux uses `jit-vault`. */
export const APP_DIR_NAME = 'JIT Vault';
const LINUX_DIR_NAME = 'jit-vault';

/** Inputs of `resolveAppPaths`; all default to the running process. */
export interface AppPathsInput {
  platform?: NodeJS.Platform;
  env?: Record<string, string | undefined>;
  home?: string;
  /** Development builds (not packaged) and tests honour the policy-path override; default false. */
  developmentBuild?: boolean;
}

/**
 * Resolves every path for `platform`:
 * - Windows: `%APPDATA%\JIT Vault` (roaming profile: settings follow the user), logs in
 *   `%LOCALAPPDATA%\JIT Vault\logs` (machine-local), policy `%ProgramData%\JIT Vault\policy.json`.
 * - macOS: `~/Library/Application Support/JIT Vault`, logs `~/Library/Logs/JIT Vault`, policy
 *   `/Library/Application Support/JIT Vault/policy.json`.
 * - Linux and others: `$XDG_CONFIG_HOME/jit-vault` (default `~/.config`), logs
 *   `$XDG_STATE_HOME/jit-vault/logs` (default `~/.local/state`), policy `/etc/jit-vault/policy.json`.
 */
export function resolveAppPaths(input: AppPathsInput = {}): AppPaths {
  const platform = input.platform ?? process.platform;
  const env = input.env ?? process.env;
  const home = input.home ?? homedir();
  // Join with the target OS's separator so Windows paths stay Windows paths when computed elsewhere.
  const p = platform === 'win32' ? path.win32 : path.posix;
  const nonEmpty = (name: string): string | undefined => {
    const value = env[name];
    return value && value.trim() !== '' ? value : undefined;
  };

  let userDir: string;
  let logDir: string;
  let policyFile: string;
  if (platform === 'win32') {
    const appData = nonEmpty('APPDATA') ?? p.join(home, 'AppData', 'Roaming');
    const localAppData = nonEmpty('LOCALAPPDATA') ?? p.join(home, 'AppData', 'Local');
    const programData = nonEmpty('ProgramData') ?? nonEmpty('PROGRAMDATA') ?? 'C:\\ProgramData';
    userDir = p.join(appData, APP_DIR_NAME);
    logDir = p.join(localAppData, APP_DIR_NAME, 'logs');
    policyFile = p.join(programData, APP_DIR_NAME, 'policy.json');
  } else if (platform === 'darwin') {
    userDir = p.join(home, 'Library', 'Application Support', APP_DIR_NAME);
    logDir = p.join(home, 'Library', 'Logs', APP_DIR_NAME);
    policyFile = p.join('/Library', 'Application Support', APP_DIR_NAME, 'policy.json');
  } else {
    // XDG base directories: relative values are invalid per the spec and must be ignored.
    const xdg = (name: string, fallback: string): string => {
      const value = nonEmpty(name);
      return value && p.isAbsolute(value) ? value : fallback;
    };
    userDir = p.join(xdg('XDG_CONFIG_HOME', p.join(home, '.config')), LINUX_DIR_NAME);
    logDir = p.join(xdg('XDG_STATE_HOME', p.join(home, '.local', 'state')), LINUX_DIR_NAME, 'logs');
    policyFile = p.join('/etc', LINUX_DIR_NAME, 'policy.json');
  }

  const userDirOverride = nonEmpty(PATH_ENV.userDir);
  if (userDirOverride) {
    userDir = userDirOverride;
    // A relocated profile (tests, portable use) keeps its logs with it rather than in the real home.
    logDir = p.join(userDirOverride, 'logs');
  }
  logDir = nonEmpty(PATH_ENV.logDir) ?? logDir;
  if (input.developmentBuild) policyFile = nonEmpty(PATH_ENV.policyFile) ?? policyFile;

  return {
    userDir,
    settingsFile: p.join(userDir, 'settings.json'),
    favouritesFile: p.join(userDir, 'favourites.json'),
    catalogCacheFile: p.join(userDir, 'catalog-cache.bin'),
    pendingRequestsFile: p.join(userDir, 'pending-requests.json'),
    journalDir: p.join(userDir, 'journal'),
    lockRequestFile: p.join(userDir, 'lock-request.json'),
    logDir,
    policyFile,
  };
}
