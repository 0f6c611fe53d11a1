import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

type ErrorBody = { error: { code: string; message: string } };
type VaultView = {
  name: string;
  firewallEnabled: boolean;
  roleAssignments: { id: string; principalId: string; role: string }[];
  accessPolicies: { objectId: string; secrets: string[] }[];
};

let sandbox: TestSandbox;

beforeAll(async () => {
  sandbox = await startTestSandbox();
});

afterAll(async () => {
  await sandbox?.close();
});

const store = () => sandbox.context.store;
const firstTenant = () => store().defaultTenant;

describe('vault firewall', () => {
  it('turns a vault firewall on and off (vault names are case-insensitive)', async () => {
    const name = sandbox.info.vaults[0]!.name;
    const on = await sandbox.admin<VaultView>('PUT', `/vaults/${name.toUpperCase()}/firewall`, { enabled: true });
    expect(on.status).toBe(200);
    expect(on.body.firewallEnabled).toBe(true);
    expect(store().vault(name)!.firewallEnabled).toBe(true);
    await sandbox.admin('PUT', `/vaults/${name}/firewall`, { enabled: false });
    expect(store().vault(name)!.firewallEnabled).toBe(false);
  });

  it('refuses an unknown vault and a non-boolean flag', async () => {
    expect((await sandbox.admin<ErrorBody>('PUT', '/vaults/kv-nowhere/firewall', { enabled: true })).status).toBe(404);
    const bad = await sandbox.admin<ErrorBody>('PUT', `/vaults/${sandbox.info.vaults[0]!.name}/firewall`, { enabled: 'yes' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('body.enabled');
    const missing = await sandbox.admin<ErrorBody>('PUT', `/vaults/${sandbox.info.vaults[0]!.name}/firewall`);
    expect(missing.body.error.message).toContain('body.enabled');
  });
});

describe('vault role assignments and access policies', () => {
  const principal = '11111111-2222-4333-8444-555555555555';

  it('adds and removes an RBAC role assignment', async () => {
    const vault = store().data.tenants.flatMap((t) => t.vaults).find((v) => v.permissionModel === 'rbac')!;
    const added = await sandbox.admin<{ id: string; principalId: string; role: string }>('POST', `/vaults/${vault.name}/role-assignments`, { principalId: principal, role: 'Key Vault Secrets User' });
    expect(added.status).toBe(201);
    expect(vault.roleAssignments).toContainEqual({ id: added.body.id, principalId: principal, role: 'Key Vault Secrets User' });
    // Adding the same assignment again is idempotent.
    const again = await sandbox.admin<{ id: string }>('POST', `/vaults/${vault.name}/role-assignments`, { principalId: principal, role: 'Key Vault Secrets User' });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(added.body.id);
    const removed = await sandbox.admin<VaultView>('DELETE', `/vaults/${vault.name}/role-assignments/${added.body.id}`);
    expect(removed.status).toBe(200);
    expect(vault.roleAssignments.some((a) => a.principalId === principal)).toBe(false);
    expect((await sandbox.admin('DELETE', `/vaults/${vault.name}/role-assignments/${added.body.id}`)).status).toBe(404);
  });

  it('validates role assignments', async () => {
    const name = sandbox.info.vaults[0]!.name;
    const badRole = await sandbox.admin<ErrorBody>('POST', `/vaults/${name}/role-assignments`, { principalId: principal, role: 'Owner' });
    expect(badRole.status).toBe(400);
    expect(badRole.body.error.message).toContain('body.role');
    const badId = await sandbox.admin<ErrorBody>('POST', `/vaults/${name}/role-assignments`, { principalId: 'bob', role: 'Key Vault Reader' });
    expect(badId.body.error.message).toContain('body.principalId');
  });

  it('sets, replaces and removes an access policy', async () => {
    const vault = store().data.tenants.flatMap((t) => t.vaults).find((v) => v.permissionModel === 'accessPolicy')!;
    await sandbox.admin('PUT', `/vaults/${vault.name}/access-policies/${principal}`, { secrets: ['get', 'list'] });
    expect(vault.accessPolicies).toContainEqual({ objectId: principal, secrets: ['get', 'list'] });
    await sandbox.admin('PUT', `/vaults/${vault.name}/access-policies/${principal}`, { secrets: ['get'] });
    expect(vault.accessPolicies.filter((p) => p.objectId === principal)).toEqual([{ objectId: principal, secrets: ['get'] }]);
    const bad = await sandbox.admin<ErrorBody>('PUT', `/vaults/${vault.name}/access-policies/${principal}`, { secrets: ['read'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('body.secrets.0');
    expect((await sandbox.admin<ErrorBody>('PUT', `/vaults/${vault.name}/access-policies/not-a-guid`, { secrets: ['get'] })).body.error.message).toContain('path.objectId');
    expect((await sandbox.admin('DELETE', `/vaults/${vault.name}/access-policies/${principal}`)).status).toBe(200);
    expect(vault.accessPolicies.some((p) => p.objectId === principal)).toBe(false);
  });
});

describe('standing group members', () => {
  it('adds a standing member, which the next token snapshot carries, and removes it', async () => {
    const tenant = firstTenant();
    const user = tenant.users.find((u) => u.role === 'helpdesk')!;
    const group = tenant.groups.find((g) => !g.members.includes(user.oid))!;
    expect(store().groupsForTokenIssue(tenant, user.oid)).not.toContain(group.id);

    const added = await sandbox.admin<{ members: string[] }>('POST', `/tenants/${tenant.id}/groups/${group.id}/members/${user.oid}`);
    expect(added.status).toBe(201);
    expect(added.body.members).toContain(user.oid);
    expect(store().memberGroups(tenant, user.oid)).toContain(group.id);
    expect(store().groupsForTokenIssue(tenant, user.oid)).toContain(group.id);
    expect((await sandbox.admin('POST', `/tenants/${tenant.id}/groups/${group.id}/members/${user.oid}`)).status).toBe(200);
    expect(group.members.filter((m) => m === user.oid)).toHaveLength(1);

    const removed = await sandbox.admin<{ members: string[] }>('DELETE', `/tenants/${tenant.id}/groups/${group.id}/members/${user.oid}`);
    expect(removed.status).toBe(200);
    expect(store().memberGroups(tenant, user.oid)).not.toContain(group.id);
    expect((await sandbox.admin('DELETE', `/tenants/${tenant.id}/groups/${group.id}/members/${user.oid}`)).status).toBe(404);
  });

  it('answers 404 for an unknown tenant, group or user', async () => {
    const tenant = firstTenant();
    const group = tenant.groups[0]!;
    const user = tenant.users[0]!;
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await sandbox.admin('POST', `/tenants/${unknown}/groups/${group.id}/members/${user.oid}`)).status).toBe(404);
    expect((await sandbox.admin('POST', `/tenants/${tenant.id}/groups/${unknown}/members/${user.oid}`)).status).toBe(404);
    const noUser = await sandbox.admin<ErrorBody>('POST', `/tenants/${tenant.id}/groups/${group.id}/members/${unknown}`);
    expect(noUser.status).toBe(404);
    expect(noUser.body.error.code).toBe('NotFound');
    expect(group.members).not.toContain(unknown);
  });
});

describe('state summary', () => {
  it('counts tenants, users, groups and vault secrets', async () => {
    const { status, body } = await sandbox.admin<{
      tenants: { id: string; users: number; groups: unknown[]; vaults: { name: string; secrets: number; versions: number }[] }[];
    }>('GET', '/state/summary');
    expect(status).toBe(200);
    expect(body.tenants.map((t) => t.id)).toEqual(store().data.tenants.map((t) => t.id));
    const tenant = firstTenant();
    expect(body.tenants[0]!.users).toBe(tenant.users.length);
    expect(body.tenants[0]!.groups).toHaveLength(tenant.groups.length);
    const vault = tenant.vaults[0]!;
    const summary = body.tenants[0]!.vaults.find((v) => v.name === vault.name)!;
    expect(summary.secrets).toBe(Object.keys(vault.secrets).length);
    expect(summary.versions).toBe(Object.values(vault.secrets).reduce((n, s) => n + s.versions.length, 0));
  });

  it('contains no secret value and no password', async () => {
    const response = await fetch(`${sandbox.info.admin.url}/state/summary`, { headers: { authorization: `Bearer ${sandbox.info.admin.key}` } });
    const text = await response.text();
    const secrets = store().data.tenants.flatMap((t) => t.vaults.flatMap((v) => Object.values(v.secrets).flatMap((s) => s.versions.map((ver) => ver.value))));
    const passwords = store().data.tenants.flatMap((t) => t.users.map((u) => u.password));
    expect(secrets.length).toBeGreaterThan(0);
    for (const value of [...secrets, ...passwords].filter((v) => v.length >= 6)) expect(text).not.toContain(value);
  });
});
