import { describe, expect, it } from 'vitest';
import { PATH_ENV, resolveAppPaths } from '../../../../../main/services/paths/app-paths.js';

describe('resolveAppPaths', () => {
  it('uses the roaming profile, local logs and %ProgramData% policy on Windows', () => {
    const paths = resolveAppPaths({
      platform: 'win32',
      home: 'C:\\Users\\alex',
      env: { APPDATA: 'C:\\Users\\alex\\AppData\\Roaming', LOCALAPPDATA: 'C:\\Users\\alex\\AppData\\Local', ProgramData: 'D:\\ProgramData' },
    });
    expect(paths).toEqual({
      userDir: 'C:\\Users\\alex\\AppData\\Roaming\\JIT Vault',
      settingsFile: 'C:\\Users\\alex\\AppData\\Roaming\\JIT Vault\\settings.json',
      favouritesFile: 'C:\\Users\\alex\\AppData\\Roaming\\JIT Vault\\favourites.json',
      catalogCacheFile: 'C:\\Users\\alex\\AppData\\Roaming\\JIT Vault\\catalog-cache.bin',
      pendingRequestsFile: 'C:\\Users\\alex\\AppData\\Roaming\\JIT Vault\\pending-requests.json',
      journalDir: 'C:\\Users\\alex\\AppData\\Roaming\\JIT Vault\\journal',
      lockRequestFile: 'C:\\Users\\alex\\AppData\\Roaming\\JIT Vault\\lock-request.json',
      logDir: 'C:\\Users\\alex\\AppData\\Local\\JIT Vault\\logs',
      policyFile: 'D:\\ProgramData\\JIT Vault\\policy.json',
    });
  });

  it('falls back to the profile folders and C:\\ProgramData when Windows variables are missing', () => {
    const paths = resolveAppPaths({ platform: 'win32', home: 'C:\\Users\\alex', env: {} });
    expect(paths.userDir).toBe('C:\\Users\\alex\\AppData\\Roaming\\JIT Vault');
    expect(paths.logDir).toBe('C:\\Users\\alex\\AppData\\Local\\JIT Vault\\logs');
    expect(paths.policyFile).toBe('C:\\ProgramData\\JIT Vault\\policy.json');
  });

  it('uses Application Support, Library/Logs and the machine-wide policy on macOS', () => {
    const paths = resolveAppPaths({ platform: 'darwin', home: '/Users/alex', env: {} });
    expect(paths.settingsFile).toBe('/Users/alex/Library/Application Support/JIT Vault/settings.json');
    expect(paths.journalDir).toBe('/Users/alex/Library/Application Support/JIT Vault/journal');
    expect(paths.logDir).toBe('/Users/alex/Library/Logs/JIT Vault');
    expect(paths.policyFile).toBe('/Library/Application Support/JIT Vault/policy.json');
  });

  it('follows XDG on Linux and ignores relative XDG values as the spec requires', () => {
    const defaults = resolveAppPaths({ platform: 'linux', home: '/home/alex', env: {} });
    expect(defaults.settingsFile).toBe('/home/alex/.config/jit-vault/settings.json');
    expect(defaults.logDir).toBe('/home/alex/.local/state/jit-vault/logs');
    expect(defaults.policyFile).toBe('/etc/jit-vault/policy.json');

    const xdg = resolveAppPaths({ platform: 'linux', home: '/home/alex', env: { XDG_CONFIG_HOME: '/cfg', XDG_STATE_HOME: '/state' } });
    expect(xdg.userDir).toBe('/cfg/jit-vault');
    expect(xdg.logDir).toBe('/state/jit-vault/logs');

    const relative = resolveAppPaths({ platform: 'linux', home: '/home/alex', env: { XDG_CONFIG_HOME: 'cfg' } });
    expect(relative.userDir).toBe('/home/alex/.config/jit-vault');
  });

  it('honours the policy-file override only in development builds (a packaged app reads the managed place)', () => {
    const env = { [PATH_ENV.policyFile]: '/tmp/planted/policy.json' };
    expect(resolveAppPaths({ platform: 'linux', home: '/home/alex', env }).policyFile).toBe('/etc/jit-vault/policy.json');
    expect(resolveAppPaths({ platform: 'win32', home: 'C:\\Users\\a', env: { ...env, ProgramData: 'C:\\ProgramData' } }).policyFile).toBe('C:\\ProgramData\\JIT Vault\\policy.json');
    expect(resolveAppPaths({ platform: 'linux', home: '/home/alex', env, developmentBuild: true }).policyFile).toBe('/tmp/planted/policy.json');
  });

  it('lets tests relocate the profile (logs follow it) and the policy file', () => {
    const paths = resolveAppPaths({
      platform: 'linux',
      home: '/home/alex',
      env: { [PATH_ENV.userDir]: '/tmp/profile', [PATH_ENV.policyFile]: '/tmp/policy.json' },
      developmentBuild: true,
    });
    expect(paths.settingsFile).toBe('/tmp/profile/settings.json');
    expect(paths.logDir).toBe('/tmp/profile/logs');
    expect(paths.policyFile).toBe('/tmp/policy.json');

    const withLogs = resolveAppPaths({ platform: 'win32', home: 'C:\\Users\\a', env: { [PATH_ENV.logDir]: 'E:\\logs', [PATH_ENV.userDir]: '  ' } });
    expect(withLogs.logDir).toBe('E:\\logs');
    // A blank override is no override.
    expect(withLogs.userDir).toBe('C:\\Users\\a\\AppData\\Roaming\\JIT Vault');
  });
});
