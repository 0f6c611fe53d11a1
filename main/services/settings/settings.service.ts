import type { Logger } from '../ports/logger.js';
import { SerialQueue, readFileIfExists, writeFileAtomic } from './atomic-file.js';
import { applyPolicy, type EffectiveSettings, type PolicyState } from './effective-settings.js';
import { RESTRICTED_FALLBACK_POLICY, policySchema } from './policy.schema.js';
import type { PolicySource } from './policy-source.js';
import { SettingsInvalidError, parseJsonText, toSettingsIssues, type SettingsIssue } from './settings-error.js';
import { settingsObject, settingsSchema, userSettingsFileSchema, type Settings } from './settings.schema.js';

/** Files the service reads (see paths/app-paths.ts). */
export interface SettingsServiceDeps {
  settingsFile: string;
  policyFile: string;
  /**
   * Reads the policy from the OS's managed place and refuses one that non-administrators can write
   * (main/adapters/machine-policy.source.ts). Without it, `policyFile` is read as a plain file
   * (tests and the browser preview).
   */
  policySource?: PolicySource;
  logger?: Logger;
}

/** A user settings file (or a policy that supplies everything): run against real tenants. */
export interface ConfiguredSettings {
  mode: 'configured';
  file: string;
  /** False when the policy supplies the tenants and the user has no file yet. */
  exists: boolean;
  /** The user's own settings, as in the file (what the settings UI edits and `save` writes). */
  user: Settings;
  /** What the services run with. */
  effective: EffectiveSettings;
}

/**
 * No user settings file: the composition root points the app at the sandbox demo tenant (see
 * demo-settings.ts) and runs it through `effectiveFor` so the policy still applies.
 */
export interface DemoModeSettings {
  mode: 'demo';
  policy: PolicyState;
}

export type SettingsLoadResult = ConfiguredSettings | DemoModeSettings;

/**
 * Loads, validates and saves the user's settings and loads the admin policy.
 *
 * The user's file is sacred: a file that does not parse or validate is reported with
 * `SettingsInvalidError` (code 'settings-invalid', naming the file and each bad field) and is never
 * rewritten, moved or truncated — `save` refuses to replace it. A good file is replaced atomically
 * and its previous bytes are kept in `<file>.bak`.
 */
export class SettingsService {
  private readonly queue = new SerialQueue();

  constructor(private readonly deps: SettingsServiceDeps) {}

  /** Path of the backup of the previous good settings file. */
  get backupFile(): string {
    return `${this.deps.settingsFile}.bak`;
  }

  /**
   * Reads the policy. Missing → 'absent'. Unreadable or invalid → 'invalid' with
   * RESTRICTED_FALLBACK_POLICY in force (see policy.schema.ts for why failing closed is the choice).
   */
  async loadPolicy(): Promise<PolicyState> {
    const source = this.deps.policySource ?? plainFilePolicySource(this.deps.policyFile);
    let read: Awaited<ReturnType<PolicySource['read']>>;
    try {
      read = await source.read();
    } catch (error) {
      return this.invalidPolicy(this.deps.policyFile, [{ path: '(file)', message: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` }], error);
    }
    const file = read.origin;
    if (read.status === 'absent') return { status: 'absent', file };
    if (read.status === 'refused') {
      // Not used at all: whoever could write it may not decide tenants, endpoints or caps. The
      // restricted fallback still applies, because an administrator may have meant to restrict.
      return this.invalidPolicy(file, [{ path: '(file)', message: `was not used because ${read.reason}` }], undefined, `Your administrator's policy "${file}" was refused`);
    }
    const json = parseJsonText(read.text);
    if (!json.ok) return this.invalidPolicy(file, [json.issue]);
    const parsed = policySchema.safeParse(json.value);
    if (!parsed.success) return this.invalidPolicy(file, toSettingsIssues(parsed.error), parsed.error);
    return { status: 'applied', file, policy: parsed.data };
  }

  /** An unusable policy: RESTRICTED_FALLBACK_POLICY in force, with the error that says why. */
  private invalidPolicy(file: string, issues: SettingsIssue[], cause?: unknown, subject?: string): PolicyState {
    const error = new SettingsInvalidError(file, issues, 'policy', {
      cause,
      ...(subject ? { subject } : {}),
      advice: 'Until it is fixed JIT Vault runs restricted: values cannot be shown on screen, the clipboard clears after 10 seconds and the app locks after 5 idle minutes. Tell your IT administrator.',
    });
    this.deps.logger?.error('Admin policy is unusable; restricted fallback applies', { file, issues: issues.length });
    return { status: 'invalid', file, policy: RESTRICTED_FALLBACK_POLICY, error };
  }

  /**
   * Loads everything. Throws `SettingsInvalidError` for a bad user file (untouched), for settings that
   * are unusable once merged with the policy (e.g. no tenant at all), and when there is no file but
   * the policy turns demo mode off.
   */
  async load(): Promise<SettingsLoadResult> {
    const policy = await this.loadPolicy();
    const file = this.deps.settingsFile;
    const text = await this.readUserFile();
    if (text === undefined) {
      if (policy.status !== 'absent' && policy.policy.tenants) {
        return this.configured(userSettingsFileSchema.parse({}), policy, false);
      }
      if (policy.status !== 'absent' && !policy.policy.allowDemoMode) {
        throw new SettingsInvalidError(file, [{ path: '(file)', message: 'it does not exist, and your administrator has turned demo mode off' }], 'settings', {
          subject: `No settings file at "${file}"`,
          advice: 'Ask your IT administrator for the JIT Vault settings file.',
        });
      }
      return { mode: 'demo', policy };
    }
    const user = this.parseUserText(text);
    return this.configured(user, policy, true);
  }

  /** Applies the current policy to settings that do not come from the user file (demo mode). */
  async effectiveFor(settings: Settings): Promise<EffectiveSettings> {
    const effective = applyPolicy(settings, await this.loadPolicy());
    this.checkEffective(effective, settings, 'Demo settings are not usable');
    return effective;
  }

  /**
   * Validates and writes the user's settings: refuses invalid input (nothing written), refuses to
   * replace a file that is currently invalid (so the user's own edits are never lost), keeps the
   * previous good bytes in `<file>.bak`, writes atomically, and preserves top-level keys this
   * version does not know (written by a newer JIT Vault).
   */
  async save(next: Settings): Promise<ConfiguredSettings> {
    const file = this.deps.settingsFile;
    const parsed = userSettingsFileSchema.safeParse(next);
    if (!parsed.success) {
      throw new SettingsInvalidError(file, toSettingsIssues(parsed.error), 'settings', {
        subject: 'These settings cannot be saved',
        advice: 'Nothing was saved; the settings file is unchanged.',
      });
    }
    const policy = await this.loadPolicy();
    const effective = applyPolicy(parsed.data, policy);
    this.checkEffective(effective, parsed.data, 'These settings cannot be saved', 'Nothing was saved; the settings file is unchanged.');

    return this.queue.run(async () => {
      const current = await this.readUserFile();
      let preserved: Record<string, unknown> = {};
      if (current !== undefined) {
        // Throws (and so writes nothing) when the file on disk is not valid.
        this.parseUserText(current, 'Your change was not saved so that the file is not lost. Fix or remove the file, then try again.');
        const raw = parseJsonText(current);
        if (raw.ok && raw.value && typeof raw.value === 'object') {
          const known = new Set(Object.keys(settingsObject.shape));
          preserved = Object.fromEntries(Object.entries(raw.value as Record<string, unknown>).filter(([key]) => !known.has(key)));
        }
        await writeFileAtomic(this.backupFile, current);
      }
      await writeFileAtomic(file, `${JSON.stringify({ ...preserved, ...parsed.data }, null, 2)}\n`);
      this.deps.logger?.info('Settings saved', { file });
      return { mode: 'configured' as const, file, exists: true, user: parsed.data, effective };
    });
  }

  /** Reads the current user settings, applies `change` and saves the result. */
  async update(change: (current: Settings) => Settings): Promise<ConfiguredSettings> {
    const loaded = await this.load();
    const current = loaded.mode === 'configured' ? loaded.user : userSettingsFileSchema.parse({});
    return this.save(change(structuredClone(current)));
  }

  private async readUserFile(): Promise<string | undefined> {
    const file = this.deps.settingsFile;
    try {
      return await readFileIfExists(file);
    } catch (error) {
      throw new SettingsInvalidError(file, [{ path: '(file)', message: `it cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` }], 'settings', {
        cause: error,
        subject: `The settings file "${file}" cannot be used`,
        advice: 'Check the file permissions; JIT Vault has not changed the file.',
      });
    }
  }

  private parseUserText(text: string, advice?: string): Settings {
    const file = this.deps.settingsFile;
    const json = parseJsonText(text);
    if (!json.ok) throw new SettingsInvalidError(file, [json.issue], 'settings', advice ? { advice } : undefined);
    const parsed = userSettingsFileSchema.safeParse(json.value);
    if (!parsed.success) throw new SettingsInvalidError(file, toSettingsIssues(parsed.error), 'settings', { cause: parsed.error, ...(advice ? { advice } : {}) });
    return parsed.data;
  }

  private configured(user: Settings, policy: PolicyState, exists: boolean): ConfiguredSettings {
    const effective = applyPolicy(user, policy);
    this.checkEffective(effective, user);
    return { mode: 'configured', file: this.deps.settingsFile, exists, user, effective };
  }

  /**
   * The merged settings must be usable (a tenant, vaults that belong to a tenant). Issue paths are
   * mapped back to the user's own vault list so "vaults[2].tenantId" points at the line to fix.
   */
  private checkEffective(effective: EffectiveSettings, user: Settings, subject?: string, advice?: string): void {
    const result = settingsSchema.safeParse(effective.settings);
    if (result.success) {
      effective.settings = result.data;
      return;
    }
    const issues = toSettingsIssues(result.error).map((issue, n) => {
      const path = result.error.issues[n]!.path;
      if (path[0] !== 'vaults' || typeof path[1] !== 'number') return issue;
      const name = effective.settings.vaults[path[1]]?.name.toLowerCase();
      const userIndex = user.vaults.findIndex((vault) => vault.name.toLowerCase() === name);
      const rest = issue.path.slice(issue.path.indexOf(']') + 1);
      return { ...issue, path: userIndex >= 0 ? `vaults[${userIndex}]${rest}` : `policy vault "${name}"${rest}` };
    });
    throw new SettingsInvalidError(this.deps.settingsFile, issues, 'settings', { cause: result.error, ...(subject ? { subject } : {}), ...(advice ? { advice } : {}) });
  }
}

/** The policy as a plain file, trusted as is (tests, the browser preview). */
export function plainFilePolicySource(file: string): PolicySource {
  return {
    async read() {
      const text = await readFileIfExists(file);
      return text === undefined ? { status: 'absent', origin: file } : { status: 'found', origin: file, text };
    },
  };
}
