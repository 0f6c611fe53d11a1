import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeStateDir, spawnSandbox, type SpawnedSandbox } from '../helpers/sandbox.js';

describe('npm run sandbox -- --json', () => {
  let sandbox: SpawnedSandbox;
  beforeAll(async () => {
    sandbox = await spawnSandbox(['--state-dir', makeStateDir(), '--reset']);
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  it('prints one ready line with every origin on loopback https', () => {
    const { info } = sandbox;
    expect(info.authority).toMatch(new RegExp(`^https://localhost:\\d+/${info.tenantId}$`));
    expect(info.graph).toMatch(/^https:\/\/localhost:\d+$/);
    expect(info.vaults.length).toBeGreaterThanOrEqual(3);
    for (const vault of info.vaults) expect(vault.url).toMatch(/^https:\/\/localhost:\d+$/);
    expect(new Set(info.vaults.map((v) => v.url)).size).toBe(info.vaults.length);
    expect(info.tenants.length).toBeGreaterThanOrEqual(2);
    expect(info.tenants[0]!.tenantId).toBe(info.tenantId);
    expect(new Set(info.users.map((u) => u.role))).toEqual(new Set(['admin', 'helpdesk', 'auditor']));
    expect(info.admin.key.length).toBeGreaterThanOrEqual(16);
  });

  it('serves a CA that signs a localhost leaf', () => {
    const ca = new X509Certificate(readFileSync(sandbox.info.caCertPath));
    expect(ca.ca).toBe(true);
  });

  it('exits 0 on SIGTERM', async () => {
    const other = await spawnSandbox(['--state-dir', makeStateDir(), '--reset']);
    expect(await other.stop()).toBe(0);
  });
});
