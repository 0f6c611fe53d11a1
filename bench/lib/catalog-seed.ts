import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_SEED_PATH } from '../../sandbox/seed/load-seed.js';
import type { Seed } from '../../sandbox/seed/schema.js';

/** The demo tenant's KV-SecurityTeam group: standing members, so its vaults need no PIM activation. */
export const SECURITY_TEAM_GROUP = '28ec438d-516c-4dba-9b53-eb4978cef8a2';
/** Sara, a standing member of KV-SecurityTeam. */
export const STANDING_USER = 'sara.admin@contoso-it.example';

/** Deterministic pseudo-random numbers: the same catalog every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Names of the generated vaults (`kv-bench-00` …). */
export function benchVaultNames(vaults: number): string[] {
  return Array.from({ length: vaults }, (_, i) => `kv-bench-${String(i).padStart(2, '0')}`);
}

/**
 * Writes a seed file: the demo tenants (users, groups, PIM) with the first tenant's vaults replaced
 * by `vaults` RBAC vaults of `perVault` secrets each (MSP-style names, tags, one version), readable
 * by KV-SecurityTeam (standing). Returns the file path.
 */
export function writeCatalogSeed(dir: string, vaults: number, perVault: number): string {
  const demo = JSON.parse(readFileSync(DEMO_SEED_PATH, 'utf8')) as Seed;
  const random = rng(7);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const systems = ['srv', 'dc', 'sql', 'fw', 'vpn', 'router', 'switch', 'esx', 'backup', 'exchange', 'mail', 'web', 'ilo', 'idrac', 'nas', 'pbx'];
  const roles = ['root', 'admin', 'localadmin', 'service', 'readonly', 'breakglass', 'api-key', 'enable', 'sa'];
  const envs = ['prod', 'test', 'dev', 'dr', 'branch'];
  const [first, ...others] = demo.tenants;
  const tenant = {
    ...first!,
    vaults: benchVaultNames(vaults).map((name, v) => ({
      name,
      location: 'westeurope',
      permissionModel: 'rbac' as const,
      roleAssignments: [{ principalId: SECURITY_TEAM_GROUP, role: 'Key Vault Secrets User' as const }],
      accessPolicies: [],
      firewallEnabled: false,
      softDeleteRetentionDays: 90,
      purgeProtection: false,
      secrets: Array.from({ length: perVault }, (_, i) => ({
        name: `${pick(systems)}-${pick(envs)}${String(i % 100).padStart(2, '0')}-${pick(roles)}-${v}-${i}`,
        versions: [
          {
            value: `bench-value-${v}-${i}-${Math.floor(random() * 1e9).toString(36)}`,
            contentType: 'password',
            tags: { env: pick(envs), owner: pick(['it-ops', 'netops', 'dba', 'helpdesk']) },
            enabled: true,
            createdDaysAgo: Math.floor(random() * 400),
            ...(random() < 0.3 ? { expiresInDays: Math.floor(random() * 200) - 20 } : {}),
          },
        ],
      })),
    })),
  };
  const seed = { ...demo, tenants: [tenant, ...others] };
  const path = join(dir, `catalog-${vaults}x${perVault}.seed.json`);
  writeFileSync(path, JSON.stringify(seed));
  return path;
}
