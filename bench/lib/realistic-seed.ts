import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_SEED_PATH } from '../../sandbox/seed/load-seed.js';
import type { Seed } from '../../sandbox/seed/schema.js';
import { SECURITY_TEAM_GROUP, STANDING_USER } from './catalog-seed.js';

/** The realistic profile's shape: 25 vaults over 3 tenants, 20–800 secrets each, skewed. */
export const REALISTIC = { tenants: 3, vaults: 25, minSecrets: 20, maxSecrets: 800 } as const;

/** Two more customer tenants beside the demo's first (fixed ids: the same seed every run). */
const EXTRA_TENANTS = [
  { id: '5b0c2f6e-8a41-4c7e-9d0a-1f3e5a7c9b21', domain: 'northwind-msp.example', displayName: 'Northwind Traders (customer)', userOid: '6c1d3e7f-9b52-4d8f-8e1b-2a4f6b8d0c32', groupId: '7d2e4f80-ac63-4e90-9f2c-3b5a7c9e1d43' },
  { id: '8e3f5091-bd74-4fa1-a03d-4c6b8dafe254', domain: 'tailspin-msp.example', displayName: 'Tailspin Toys (customer)', userOid: '9f4061a2-ce85-40b2-b14e-5d7c9eb0f365', groupId: 'a05172b3-df96-41c3-825f-6e8dafc10476' },
];

/** Vault i's size: a Zipf-like skew from 800 down to 20 (a few big customers, many small ones). */
export function realisticVaultSize(i: number): number {
  return Math.max(REALISTIC.minSecrets, Math.round(REALISTIC.maxSecrets / (i + 1) ** 1.1));
}

/** The standing user of each tenant (the same helpdesk admin signed in to all three, as an MSP does). */
export function realisticUsers(): { tenantIndex: number; username: string }[] {
  return [{ tenantIndex: 0, username: STANDING_USER }, ...EXTRA_TENANTS.map((t, i) => ({ tenantIndex: i + 1, username: `sara.admin@${t.domain}` }))];
}

/** Vault names, in size order (vault i lives in tenant i % 3). */
export function realisticVaultNames(): string[] {
  return Array.from({ length: REALISTIC.vaults }, (_, i) => `kv-real-${String(i).padStart(2, '0')}`);
}

/**
 * Writes the realistic seed: the demo's first tenant plus two customer tenants, each with a standing
 * Secrets User group holding one signed-in user; 25 RBAC vaults spread round-robin over the three,
 * sized by `realisticVaultSize` (2,679 secrets in all). Returns the file path.
 */
export function writeRealisticSeed(dir: string): string {
  const demo = JSON.parse(readFileSync(DEMO_SEED_PATH, 'utf8')) as Seed;
  const [first] = demo.tenants;
  const groups = [SECURITY_TEAM_GROUP, ...EXTRA_TENANTS.map((t) => t.groupId)];
  const vaultsOf = (tenantIndex: number) =>
    realisticVaultNames()
      .map((name, i) => ({ name, i }))
      .filter(({ i }) => i % REALISTIC.tenants === tenantIndex)
      .map(({ name, i }) => ({
        name,
        location: 'westeurope',
        permissionModel: 'rbac' as const,
        roleAssignments: [{ principalId: groups[tenantIndex]!, role: 'Key Vault Secrets User' as const }],
        accessPolicies: [],
        firewallEnabled: false,
        softDeleteRetentionDays: 90,
        purgeProtection: false,
        secrets: Array.from({ length: realisticVaultSize(i) }, (_, s) => ({
          name: `${['srv', 'dc', 'sql', 'fw', 'vpn', 'esx'][s % 6]}-${String(s).padStart(3, '0')}-${['root', 'admin', 'sa', 'api-key'][s % 4]}`,
          versions: [{ value: `real-value-${i}-${s}`, contentType: 'password', tags: { owner: ['it-ops', 'netops', 'dba'][s % 3]! }, enabled: true, createdDaysAgo: (s * 7) % 400 }],
        })),
      }));
  const extra = EXTRA_TENANTS.map((t, i) => ({
    id: t.id,
    displayName: t.displayName,
    domain: t.domain,
    users: [{ oid: t.userOid, username: `sara.admin@${t.domain}`, password: 'Sandbox-Admin-1!', displayName: 'Sara Lindqvist (MSP)', role: 'admin' as const }],
    groups: [{ id: t.groupId, displayName: 'KV-SecurityTeam', description: 'Standing Secrets User', members: [t.userOid] }],
    eligibilities: [],
    policies: [],
    vaults: vaultsOf(i + 1),
  }));
  const seed = { ...demo, tenants: [{ ...first!, vaults: vaultsOf(0) }, ...extra] };
  const path = join(dir, 'realistic.seed.json');
  writeFileSync(path, JSON.stringify(seed));
  return path;
}
