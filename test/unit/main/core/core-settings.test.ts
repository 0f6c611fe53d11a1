import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CoreSettings, applyUiChange, assertSandboxOnly } from '../../../../main/core/core-settings.js';
import { SettingsService } from '../../../../main/services/settings/settings.service.js';
import { settingsSchema } from '../../../../main/services/settings/settings.schema.js';
import demoSeed from '../../../../sandbox/seed/demo.json' with { type: 'json' };

const T1 = '182280d5-3a76-4ca2-b5fc-ac8edce86818';
const CLIENT = '11111111-2222-3333-4444-555555555555';
const sandboxTenant = { tenantId: T1, clientId: CLIENT, authority: `https://localhost:40100/${T1}`, graphBaseUrl: 'https://localhost:40101' };
const sandboxVault = { name: 'kv-a', url: 'https://localhost:40102', tenantId: T1 };

/** Ready info shaped like the sandbox's, for the demo vaults of the seed. */
const info = {
  clientId: CLIENT,
  tenantId: T1,
  graph: 'https://localhost:40101',
  tenants: demoSeed.tenants.map((t) => ({ tenantId: t.id, displayName: t.displayName, authority: `https://localhost:40100/${t.id}` })),
  vaults: demoSeed.tenants.flatMap((t) => t.vaults.map((v, i) => ({ name: v.name, url: `https://localhost:${40110 + i}`, tenantId: t.id }))),
};

let dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'jit-vault-core-settings-'));
  dirs.push(dir);
  return dir;
}

describe('assertSandboxOnly', () => {
  it('accepts loopback https endpoints only', () => {
    expect(() => assertSandboxOnly(settingsSchema.parse({ tenants: [sandboxTenant], vaults: [sandboxVault] }))).not.toThrow();
  });
  it.each([
    ['default authority (login.microsoftonline.com)', { tenants: [{ ...sandboxTenant, authority: undefined }] }, 'login.microsoftonline.com'],
    ['real authority', { tenants: [{ ...sandboxTenant, authority: `https://login.microsoftonline.com/${T1}` }] }, 'login.microsoftonline.com'],
    ['default Graph', { tenants: [{ ...sandboxTenant, graphBaseUrl: undefined }] }, 'graph.microsoft.com'],
    ['look-alike host', { tenants: [{ ...sandboxTenant, authority: `https://localhost.evil.example/${T1}` }] }, 'localhost.evil.example'],
    ['real vault', { tenants: [sandboxTenant], vaults: [{ ...sandboxVault, url: 'https://kv-a.vault.azure.net' }] }, 'kv-a.vault.azure.net'],
  ])('refuses %s', (_label, patch, named) => {
    const settings = settingsSchema.parse(Object.assign({ tenants: [sandboxTenant], vaults: [sandboxVault] }, patch));
    expect(() => assertSandboxOnly(settings)).toThrow(expect.objectContaining({ code: 'settings-invalid', message: expect.stringContaining(named) }));
  });
});

describe('applyUiChange', () => {
  it('maps UI fields onto the settings file fields and leaves the rest alone', () => {
    const before = settingsSchema.parse({ tenants: [sandboxTenant], vaults: [sandboxVault] });
    const after = applyUiChange(before, { revealSeconds: 10, idleLockMinutes: 3, theme: 'light', startAtLogin: true });
    expect(after.timeouts).toEqual({ ...before.timeouts, revealSeconds: 10, idleLockMinutes: 3 });
    expect(after).toMatchObject({ theme: 'light', startAtLogin: true, shortcut: before.shortcut, vaults: before.vaults });
    expect(before.timeouts.revealSeconds).toBe(20); // not mutated
  });
});

describe('CoreSettings', () => {
  it('demo mode: built from the sandbox, changes stay in memory (no settings file appears)', async () => {
    const dir = tempDir();
    const service = new SettingsService({ settingsFile: join(dir, 'settings.json'), policyFile: join(dir, 'policy.json') });
    let asked = 0;
    const settings = await CoreSettings.load(service, async () => {
      asked++;
      return { info, seed: demoSeed as never };
    });
    expect(asked).toBe(1);
    expect(settings.mode).toBe('demo');
    expect(settings.demoTenantName).toBe('Contoso IT Services');
    expect(settings.effective.settings.vaults.find((v) => v.name === 'kv-contoso-network')?.pimGroupId).toBe('37b957ba-ce5c-4227-ac28-66f41c3e8352');
    const updated = await settings.update({ clipboardSeconds: 12 });
    expect(updated.settings.timeouts.clipboardSeconds).toBe(12);
    expect(settings.effective.settings.timeouts.clipboardSeconds).toBe(12);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('no settings file and no demo sandbox: a plain settings-invalid error', async () => {
    const dir = tempDir();
    const service = new SettingsService({ settingsFile: join(dir, 'settings.json'), policyFile: join(dir, 'policy.json') });
    await expect(CoreSettings.load(service, undefined)).rejects.toMatchObject({ code: 'settings-invalid' });
  });

  it('configured mode: changes are saved to the user file', async () => {
    const dir = tempDir();
    const service = new SettingsService({ settingsFile: join(dir, 'settings.json'), policyFile: join(dir, 'policy.json') });
    await service.save(settingsSchema.parse({ tenants: [sandboxTenant], vaults: [sandboxVault] }));
    const noSandbox = async () => {
      throw new Error('must not start a sandbox in configured mode');
    };
    // Sandbox (loopback) endpoints in configured settings: only where the caller allows them (tests, development builds).
    await expect(CoreSettings.load(service, noSandbox)).rejects.toMatchObject({ code: 'settings-invalid', message: expect.stringMatching(/loopback.*only the demo mode/) });
    const settings = await CoreSettings.load(service, noSandbox, { allowLoopback: true });
    expect(settings.mode).toBe('configured');
    await settings.update({ theme: 'dark' });
    const reloaded = await service.load();
    expect(reloaded.mode === 'configured' && reloaded.user.theme).toBe('dark');
  });
});
