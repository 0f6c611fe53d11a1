import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { seedSchema } from '../../../../../sandbox/seed/schema.js';
import { buildDemoSettings, vaultGrantsFromSeed } from '../../../../../main/services/settings/demo-settings.js';

const seed = seedSchema.parse(JSON.parse(readFileSync(new URL('../../../../../sandbox/seed/demo.json', import.meta.url), 'utf8')));

// The ready JSON's shape (sandbox/ready-info.ts) for the demo seed, with made-up loopback ports.
const CONTOSO = '182280d5-3a76-4ca2-b5fc-ac8edce86818';
const FABRIKAM = '7b7f6b24-0b03-4ccc-8d30-b07d78dfc665';
const ready = {
  clientId: seed.clientId,
  graph: 'https://127.0.0.1:50002',
  tenants: [
    { tenantId: CONTOSO, displayName: 'Contoso IT Services', authority: `https://127.0.0.1:50001/${CONTOSO}` },
    { tenantId: FABRIKAM, displayName: 'Fabrikam Manufacturing (customer)', authority: `https://127.0.0.1:50001/${FABRIKAM}` },
  ],
  vaults: [
    { name: 'kv-contoso-servers', url: 'https://127.0.0.1:50010', tenantId: CONTOSO },
    { name: 'kv-contoso-network', url: 'https://127.0.0.1:50011', tenantId: CONTOSO },
    { name: 'kv-contoso-workstations', url: 'https://127.0.0.1:50012', tenantId: CONTOSO },
    { name: 'kv-fabrikam-ops', url: 'https://127.0.0.1:50013', tenantId: FABRIKAM },
  ],
};

describe('demo settings', () => {
  it('maps each vault to the ELIGIBLE group that can read it (not the standing security team, not the metadata-only reader)', () => {
    const grants = vaultGrantsFromSeed(seed);
    expect(Object.fromEntries(grants)).toEqual({
      'kv-contoso-servers': { permissionModel: 'rbac', pimGroupId: '480ca4e5-1d02-4348-9047-4c462899391c', customer: 'Contoso' },
      'kv-contoso-network': { permissionModel: 'rbac', pimGroupId: '37b957ba-ce5c-4227-ac28-66f41c3e8352', customer: 'Contoso' },
      // Access-policy vault: the group with 'get' rights.
      'kv-contoso-workstations': { permissionModel: 'accessPolicy', pimGroupId: '50ed3b25-c81d-4e62-b2eb-8511a2784e34', customer: 'Contoso' },
      // The certificates vault (issue 14): PIM-Certificate-Installers holds Key Vault Certificate User,
      // which reads the certificates' addressable secrets (the PFX): its PIM group. It has no secrets
      // with a customer tag, so the tenant's name.
      'kv-contoso-web': { permissionModel: 'rbac', pimGroupId: '6d0f6f52-3c1b-4f0e-9a3e-2b7d1c9e4a51', customer: 'Contoso IT Services' },
      'kv-fabrikam-ops': { permissionModel: 'rbac', pimGroupId: 'c022c05f-f3f6-4f83-a09d-1fb4610c7062', customer: 'Fabrikam' },
    });
  });

  it('takes an eligible Certificates Officer group when no eligible group reads values (officer actions are what it activates)', () => {
    const officers = '0b6d1e2f-1111-4a2b-9c3d-4e5f6a7b8c9d';
    const grants = vaultGrantsFromSeed({
      tenants: [
        {
          id: CONTOSO,
          displayName: 'Solo Ltd',
          groups: [{ id: officers }, { id: '28ec438d-516c-4dba-9b53-eb4978cef8a2' }],
          eligibilities: [{ groupId: officers }],
          vaults: [
            {
              name: 'kv-certs',
              roleAssignments: [
                { principalId: '28ec438d-516c-4dba-9b53-eb4978cef8a2', role: 'Key Vault Certificate User' },
                { principalId: officers, role: 'Key Vault Certificates Officer' },
              ],
              secrets: {},
            },
          ],
        },
      ],
    });
    expect(grants.get('kv-certs')).toEqual({ permissionModel: 'rbac', pimGroupId: officers, customer: 'Solo Ltd' });
  });

  it('leaves pimGroupId out when only standing principals can read a vault', () => {
    const grants = vaultGrantsFromSeed({
      tenants: [
        {
          id: CONTOSO,
          displayName: 'Solo Ltd',
          groups: [{ id: '28ec438d-516c-4dba-9b53-eb4978cef8a2' }],
          eligibilities: [],
          vaults: [{ name: 'kv-solo', roleAssignments: [{ principalId: '28ec438d-516c-4dba-9b53-eb4978cef8a2', role: 'Key Vault Secrets User' }], secrets: {} }],
        },
      ],
    });
    expect(grants.get('kv-solo')).toEqual({ permissionModel: 'rbac', customer: 'Solo Ltd' });
  });

  it('builds valid Settings from the ready JSON pointing at the sandbox origins', () => {
    const settings = buildDemoSettings(ready, vaultGrantsFromSeed(seed));
    expect(settings.tenants).toEqual([
      { tenantId: CONTOSO, displayName: 'Contoso IT Services', authority: `https://127.0.0.1:50001/${CONTOSO}`, clientId: seed.clientId, graphBaseUrl: 'https://127.0.0.1:50002' },
      { tenantId: FABRIKAM, displayName: 'Fabrikam Manufacturing (customer)', authority: `https://127.0.0.1:50001/${FABRIKAM}`, clientId: seed.clientId, graphBaseUrl: 'https://127.0.0.1:50002' },
    ]);
    expect(settings.vaults.find((vault) => vault.name === 'kv-fabrikam-ops')).toEqual({
      name: 'kv-fabrikam-ops',
      url: 'https://127.0.0.1:50013',
      tenantId: FABRIKAM,
      permissionModel: 'rbac',
      customer: 'Fabrikam',
      pimGroupId: 'c022c05f-f3f6-4f83-a09d-1fb4610c7062',
    });
    expect(settings.justificationTemplates.length).toBeGreaterThan(0);
    expect(settings.timeouts.clipboardSeconds).toBe(30);
  });
});
