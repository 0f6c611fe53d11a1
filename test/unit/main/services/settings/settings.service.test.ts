import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../../../main/services/errors.js';
import { enforcedField } from '../../../../../main/services/settings/effective-settings.js';
import { RESTRICTED_FALLBACK_POLICY } from '../../../../../main/services/settings/policy.schema.js';
import { SettingsInvalidError } from '../../../../../main/services/settings/settings-error.js';
import { SettingsService, type ConfiguredSettings } from '../../../../../main/services/settings/settings.service.js';
import { settingsSchema } from '../../../../../main/services/settings/settings.schema.js';

const TENANT = '182280d5-3a76-4ca2-b5fc-ac8edce86818';
const OTHER_TENANT = '7b7f6b24-0b03-4ccc-8d30-b07d78dfc665';
const CLIENT = '53499df8-7fc8-40b0-ad2f-62304efbfa7b';
const GROUP = '480ca4e5-1d02-4348-9047-4c462899391c';

const goodSettings = {
  tenants: [{ tenantId: TENANT, clientId: CLIENT, displayName: 'Contoso IT' }],
  vaults: [
    { name: 'kv-contoso-servers', url: 'https://kv-contoso-servers.vault.azure.net', tenantId: TENANT, pimGroupId: GROUP },
    { name: 'kv-contoso-network', url: 'https://kv-contoso-network.vault.azure.net', tenantId: TENANT },
  ],
  timeouts: { revealSeconds: 60, clipboardSeconds: 45, idleLockMinutes: 30, warnBeforeExpiryMinutes: 5 },
  justificationTemplates: ['Ticket: '],
};

let dir: string;
let settingsFile: string;
let policyFile: string;
let service: SettingsService;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'jit-settings-'));
  settingsFile = path.join(dir, 'user', 'settings.json');
  policyFile = path.join(dir, 'machine', 'policy.json');
  mkdirSync(path.dirname(settingsFile));
  mkdirSync(path.dirname(policyFile));
  service = new SettingsService({ settingsFile, policyFile });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const writeJson = (file: string, value: unknown) => writeFileSync(file, JSON.stringify(value, null, 2));
const loadConfigured = async () => {
  const result = await service.load();
  if (result.mode !== 'configured') throw new Error(`expected configured, got ${result.mode}`);
  return result;
};
async function loadError(): Promise<SettingsInvalidError> {
  const error = await service.load().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SettingsInvalidError);
  return error as SettingsInvalidError;
}

describe('SettingsService.load', () => {
  it('returns demo mode when there is no settings file', async () => {
    await expect(service.load()).resolves.toEqual({ mode: 'demo', policy: { status: 'absent', file: policyFile } });
  });

  it('loads a valid file and fills defaults', async () => {
    writeJson(settingsFile, { tenants: goodSettings.tenants });
    const result = await loadConfigured();
    // Off by default: the broker needs a redirect URI an unconfigured app registration lacks.
    expect(result.user.useBroker).toBe(false);
    expect(result.user.timeouts).toEqual({ revealSeconds: 20, clipboardSeconds: 30, idleLockMinutes: 15, warnBeforeExpiryMinutes: 5 });
    expect(result.effective.settings).toEqual(result.user);
    expect(result.effective.enforced).toEqual([]);
    expect(result.effective.capabilities).toEqual({ reveal: true, largeType: true });
  });

  it('names the bad field and the file, and leaves the file byte-for-byte untouched', async () => {
    const bad = structuredClone(goodSettings) as { vaults: { url: string }[] };
    bad.vaults[1]!.url = 'not a url';
    const text = `${JSON.stringify(bad, null, 2)}\n`;
    writeFileSync(settingsFile, text);
    const before = statSync(settingsFile);

    const error = await loadError();
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('settings-invalid');
    expect(error.message).toContain('vaults[1].url: must be a URL');
    expect(error.message).toContain(settingsFile);
    expect(error.issues).toEqual([{ path: 'vaults[1].url', message: 'must be a URL' }]);

    // Saving over a bad file is refused too, so the user's edits cannot be lost.
    await expect(service.save(goodSettings as never)).rejects.toMatchObject({ code: 'settings-invalid' });

    expect(readFileSync(settingsFile, 'utf8')).toBe(text);
    const after = statSync(settingsFile);
    expect(after.mtimeMs).toBe(before.mtimeMs);
    expect(after.ino).toBe(before.ino);
    expect(readdirSync(path.dirname(settingsFile))).toEqual(['settings.json']);
  });

  it('explains several kinds of mistakes in plain words', async () => {
    writeJson(settingsFile, {
      tenants: [{ tenantId: 'contoso', clientId: CLIENT }],
      vaults: [{ name: 'kv-a', url: 'http://kv-a.vault.azure.net', tenantId: TENANT, permissionModel: 'acl' }],
      timeouts: { clipboardSeconds: 900, revealSeconds: 2.5 },
      useBroker: 'yes',
    });
    const { issues } = await loadError();
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'tenants[0].tenantId', message: 'must be a GUID' },
        { path: 'vaults[0].url', message: 'must be an https:// URL' },
        { path: 'vaults[0].permissionModel', message: 'must be one of: "rbac", "accessPolicy"' },
        { path: 'timeouts.clipboardSeconds', message: 'must be at most 600' },
        { path: 'timeouts.revealSeconds', message: 'must be a whole number (found a fraction)' },
        { path: 'useBroker', message: 'must be true or false (found string)' },
      ]),
    );
  });

  it('reports a JSON syntax error with line and column, an empty file as invalid (not demo), and accepts a BOM', async () => {
    writeFileSync(settingsFile, '{\n  "tenants": [],\n  "vaults": [1,\n}');
    expect((await loadError()).message).toMatch(/not valid JSON at line 4, column 1/);

    // V8 gives no position for "Unexpected token" errors, only an excerpt; the excerpt is not echoed.
    writeFileSync(settingsFile, '{\n  "tenants": [],\n  "theme": darkish-and-private\n}');
    const unexpected = await loadError();
    expect(unexpected.message).toMatch(/not valid JSON at line 3, column 12 \(Unexpected token 'd'\)/);
    expect(unexpected.message).not.toContain('private');

    writeFileSync(settingsFile, '');
    expect((await loadError()).issues).toEqual([{ path: '(file)', message: 'the file is empty' }]);

    writeFileSync(settingsFile, `\uFEFF${JSON.stringify({ tenants: goodSettings.tenants })}`);
    await expect(loadConfigured()).resolves.toMatchObject({ mode: 'configured' });
  });

  it('requires a tenant, unique vault names and vaults that belong to a configured tenant', async () => {
    writeJson(settingsFile, { vaults: [] });
    expect((await loadError()).issues).toEqual([{ path: 'tenants', message: 'must list at least one tenant' }]);

    writeJson(settingsFile, { ...goodSettings, vaults: [goodSettings.vaults[0], { ...goodSettings.vaults[1], tenantId: OTHER_TENANT }, { ...goodSettings.vaults[0], name: 'KV-Contoso-Servers' }] });
    const { issues } = await loadError();
    expect(issues).toEqual([{ path: 'vaults[2].name', message: 'another vault is already named "KV-Contoso-Servers"' }]);

    writeJson(settingsFile, { ...goodSettings, vaults: [goodSettings.vaults[0], { ...goodSettings.vaults[1], tenantId: OTHER_TENANT }] });
    expect((await loadError()).issues).toEqual([{ path: 'vaults[1].tenantId', message: 'is not one of the configured tenants' }]);
  });

  it('turns an unreadable settings path into a settings-invalid error', async () => {
    mkdirSync(settingsFile);
    const error = await loadError();
    expect(error.message).toContain('cannot be read (EISDIR)');
  });
});

describe('tag convention (per organisation)', () => {
  it('the settings file names the tags that carry username, URL and host; a save keeps them', async () => {
    writeJson(settingsFile, { ...goodSettings, tagConvention: { username: ['login-name', 'username'], host: ['fqdn'] } });
    const { effective } = await loadConfigured();
    expect(effective.settings.tagConvention).toEqual({ username: ['login-name', 'username'], host: ['fqdn'] });
    await service.save({ ...effective.settings, theme: 'dark' });
    expect(JSON.parse(readFileSync(settingsFile, 'utf8'))).toMatchObject({ theme: 'dark', tagConvention: { username: ['login-name', 'username'], host: ['fqdn'] } });
  });

  it('a misspelt field or an empty list is an error naming the field, not silently the default', async () => {
    writeJson(settingsFile, { ...goodSettings, tagConvention: { usernmae: ['login'], url: [] } });
    const { issues } = await loadError();
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'tagConvention', message: expect.stringContaining('usernmae') },
        { path: 'tagConvention.url', message: 'must list at least one tag name' },
      ]),
    );
  });

  it("the admin policy's convention replaces the user's and is reported as enforced", async () => {
    writeJson(settingsFile, { ...goodSettings, tagConvention: { username: ['user'] } });
    writeJson(policyFile, { tagConvention: { username: ['account'], notes: ['vendor'] } });
    const { effective } = await loadConfigured();
    expect(effective.settings.tagConvention).toEqual({ username: ['account'], notes: ['vendor'] });
    expect(enforcedField(effective, 'tagConvention')).toMatchObject({ kind: 'forced' });
  });
});

describe('SettingsService.save', () => {
  it('writes atomically, keeps the previous good file as .bak and preserves unknown top-level keys', async () => {
    const original = `${JSON.stringify({ ...goodSettings, futureFeature: { on: true } }, null, 2)}\n`;
    writeFileSync(settingsFile, original);
    const loaded = await loadConfigured();

    const saved = await service.save({ ...loaded.user, theme: 'dark', timeouts: { ...loaded.user.timeouts, clipboardSeconds: 15 } });
    expect(saved.user.theme).toBe('dark');
    expect(readFileSync(`${settingsFile}.bak`, 'utf8')).toBe(original);
    const written = JSON.parse(readFileSync(settingsFile, 'utf8')) as Record<string, unknown>;
    expect(written).toMatchObject({ theme: 'dark', futureFeature: { on: true }, timeouts: { clipboardSeconds: 15 } });
    expect(readdirSync(path.dirname(settingsFile)).sort()).toEqual(['settings.json', 'settings.json.bak']);
    if (process.platform !== 'win32') expect(statSync(settingsFile).mode & 0o777).toBe(0o600);

    // The next save backs up the file the previous save wrote.
    const secondWrite = readFileSync(settingsFile, 'utf8');
    await service.update((current) => ({ ...current, startAtLogin: true }));
    expect(readFileSync(`${settingsFile}.bak`, 'utf8')).toBe(secondWrite);
    expect((await loadConfigured()).user.startAtLogin).toBe(true);
  });

  it('creates the file (and its folder) on first save from demo mode, without a .bak', async () => {
    const nested = new SettingsService({ settingsFile: path.join(dir, 'fresh', 'profile', 'settings.json'), policyFile });
    await nested.save(goodSettings as never);
    expect(existsSync(path.join(dir, 'fresh', 'profile', 'settings.json'))).toBe(true);
    expect(existsSync(path.join(dir, 'fresh', 'profile', 'settings.json.bak'))).toBe(false);
  });

  it('refuses invalid settings and writes nothing', async () => {
    writeJson(settingsFile, goodSettings);
    const before = readFileSync(settingsFile, 'utf8');
    const loaded = await loadConfigured();
    const bad = { ...loaded.user, vaults: [{ ...loaded.user.vaults[0]!, url: 'ftp://x' }] };
    const error = await service.save(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SettingsInvalidError);
    expect((error as Error).message).toMatch(/^These settings cannot be saved: vaults\[0\]\.url: must be an https:\/\/ URL\. Nothing was saved/);
    expect(readFileSync(settingsFile, 'utf8')).toBe(before);
    expect(existsSync(`${settingsFile}.bak`)).toBe(false);
  });

  it('serialises concurrent saves: the last call wins and every write is whole', async () => {
    writeJson(settingsFile, goodSettings);
    const loaded = await loadConfigured();
    await Promise.all([10, 20, 30, 40].map((seconds) => service.save({ ...loaded.user, timeouts: { ...loaded.user.timeouts, clipboardSeconds: seconds } })));
    expect((await loadConfigured()).user.timeouts.clipboardSeconds).toBe(40);
    expect(JSON.parse(readFileSync(`${settingsFile}.bak`, 'utf8')).timeouts.clipboardSeconds).toBe(30);
  });
});

describe('admin policy', () => {
  it('caps timeouts, forces values and reports what it enforces', async () => {
    writeJson(settingsFile, goodSettings);
    writeJson(policyFile, { maxClipboardSeconds: 15, maxRevealSeconds: 90, maxIdleLockMinutes: 10, minWarnBeforeExpiryMinutes: 10, useBroker: false, disableLargeType: true });
    const { user, effective } = await loadConfigured();

    expect(user.timeouts.clipboardSeconds).toBe(45); // the user's file keeps the user's choice
    expect(effective.settings.timeouts).toEqual({ revealSeconds: 60, clipboardSeconds: 15, idleLockMinutes: 10, warnBeforeExpiryMinutes: 10 });
    expect(effective.settings.useBroker).toBe(false);
    expect(effective.capabilities).toEqual({ reveal: true, largeType: false });
    expect(effective.enforced.map((e) => e.field).sort()).toEqual(
      ['largeType', 'timeouts.clipboardSeconds', 'timeouts.idleLockMinutes', 'timeouts.revealSeconds', 'timeouts.warnBeforeExpiryMinutes', 'useBroker'].sort(),
    );
    // A cap the user is already under is still reported, so the UI can bound its control.
    expect(enforcedField(effective, 'timeouts.revealSeconds')).toMatchObject({ kind: 'capped', limit: 90, message: 'Limited to 90 seconds by your administrator.' });
    expect(effective.policy.status).toBe('applied');
  });

  it('forces tenants and vaults; user vaults only when allowed', async () => {
    const forcedVault = { name: 'kv-msp-shared', url: 'https://kv-msp-shared.vault.azure.net', tenantId: OTHER_TENANT };
    writeJson(settingsFile, goodSettings);
    writeJson(policyFile, { tenants: [{ tenantId: OTHER_TENANT, clientId: CLIENT }], allowUserTenants: true, vaults: [forcedVault], allowUserVaults: true, justificationTemplates: ['Per ticket'] });
    let { effective } = await loadConfigured();
    expect(effective.settings.tenants.map((t) => t.tenantId)).toEqual([OTHER_TENANT, TENANT]);
    expect(effective.settings.vaults.map((v) => v.name)).toEqual(['kv-msp-shared', 'kv-contoso-servers', 'kv-contoso-network']);
    expect(effective.policyVaults).toEqual(['kv-msp-shared']);
    expect(effective.settings.justificationTemplates).toEqual(['Per ticket', 'Ticket: ']);

    writeJson(policyFile, { tenants: [{ tenantId: OTHER_TENANT, clientId: CLIENT }], vaults: [forcedVault] });
    ({ effective } = await loadConfigured());
    expect(effective.settings.tenants.map((t) => t.tenantId)).toEqual([OTHER_TENANT]);
    expect(effective.settings.vaults.map((v) => v.name)).toEqual(['kv-msp-shared']);
    expect(enforcedField(effective, 'vaults')?.message).toBe('Vaults are set by your administrator.');
  });

  it('supplies the configuration when the user has no file (no demo mode)', async () => {
    writeJson(policyFile, { tenants: [{ tenantId: TENANT, clientId: CLIENT }], vaults: [goodSettings.vaults[0]] });
    const result = (await service.load()) as ConfiguredSettings;
    expect(result).toMatchObject({ mode: 'configured', exists: false });
    expect(result.effective.settings.vaults.map((v) => v.name)).toEqual(['kv-contoso-servers']);
    expect(existsSync(settingsFile)).toBe(false);
  });

  it('can turn demo mode off', async () => {
    writeJson(policyFile, { allowDemoMode: false });
    const error = await loadError();
    expect(error.message).toMatch(/demo mode off/);
  });

  it('a bad policy file is reported clearly and the restricted fallback applies', async () => {
    writeJson(settingsFile, goodSettings);
    writeJson(policyFile, { maxClipbordSeconds: 15, maxRevealSeconds: 'ten' });
    const { effective } = await loadConfigured();
    expect(effective.policy.status).toBe('invalid');
    if (effective.policy.status !== 'invalid') return;
    expect(effective.policy.error.code).toBe('settings-invalid');
    expect(effective.policy.error.message).toContain(policyFile);
    expect(effective.policy.error.message).toContain('(top level): unknown field "maxClipbordSeconds" (check the spelling)');
    expect(effective.policy.error.message).toContain('maxRevealSeconds: must be a number (found string)');
    expect(effective.policy.policy).toBe(RESTRICTED_FALLBACK_POLICY);
    expect(effective.capabilities).toEqual({ reveal: false, largeType: false });
    expect(effective.settings.timeouts.clipboardSeconds).toBe(10);
    expect(effective.settings.timeouts.idleLockMinutes).toBe(5);
    expect(enforcedField(effective, 'reveal')?.message).toMatch(/policy file is invalid/);
    // The user's own vaults and tenants stay usable: access is still decided by PIM and Key Vault.
    expect(effective.settings.vaults).toHaveLength(2);

    writeFileSync(policyFile, '{ not json');
    expect((await service.loadPolicy()).status).toBe('invalid');
  });

  it('applies to demo settings through effectiveFor', async () => {
    writeJson(policyFile, { disableReveal: true, maxClipboardSeconds: 20 });
    const effective = await service.effectiveFor(settingsSchema.parse(goodSettings));
    expect(effective.capabilities.reveal).toBe(false);
    expect(effective.settings.timeouts.clipboardSeconds).toBe(20);
  });
});
