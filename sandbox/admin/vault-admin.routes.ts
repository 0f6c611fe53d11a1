import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { SandboxContext } from '../context.js';
import type { RequestContext, Router } from '../http/router.js';
import { roleName } from '../seed/schema.js';
import type { VaultState } from '../state/model.js';
import { AdminError, readAdminJson } from './admin-http.js';

const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a GUID');

const firewallSchema = z.strictObject({ enabled: z.boolean() });
const roleAssignmentSchema = z.strictObject({ principalId: guid, role: roleName });
const accessPolicySchema = z.strictObject({
  secrets: z.array(z.enum(['get', 'list', 'set', 'delete', 'recover', 'backup', 'restore', 'purge', 'all'])).max(9),
});

/**
 * Vault control-plane changes a test or demo needs without an ARM emulator:
 * `PUT /_admin/vaults/:name/firewall {enabled}`,
 * `POST /_admin/vaults/:name/role-assignments {principalId, role}` and `DELETE .../role-assignments/:id`,
 * `PUT /_admin/vaults/:name/access-policies/:objectId {secrets}` and `DELETE .../access-policies/:objectId`.
 * The data plane reads these per request, so a change applies to the next call.
 */
export function registerVaultAdminRoutes(router: Router, context: SandboxContext): void {
  const { store } = context;
  const vaultOf = (ctx: RequestContext): VaultState => {
    const vault = store.vault(ctx.params.name!);
    if (!vault) throw new AdminError(404, 'NotFound', `No vault named "${ctx.params.name}"`);
    return vault;
  };
  const describe = (vault: VaultState) => ({
    name: vault.name,
    tenantId: vault.tenantId,
    permissionModel: vault.permissionModel,
    firewallEnabled: vault.firewallEnabled,
    roleAssignments: vault.roleAssignments,
    accessPolicies: vault.accessPolicies,
  });

  router.on('GET', '/_admin/vaults/:name', (ctx) => ctx.json(200, describe(vaultOf(ctx))));

  router.on('PUT', '/_admin/vaults/:name/firewall', async (ctx) => {
    const vault = vaultOf(ctx);
    const body = await readAdminJson(ctx, firewallSchema);
    vault.firewallEnabled = body.enabled;
    store.changed();
    ctx.json(200, describe(vault));
  });

  router.on('POST', '/_admin/vaults/:name/role-assignments', async (ctx) => {
    const vault = vaultOf(ctx);
    const body = await readAdminJson(ctx, roleAssignmentSchema);
    const existing = vault.roleAssignments.find((a) => a.principalId.toLowerCase() === body.principalId.toLowerCase() && a.role === body.role);
    if (existing) return ctx.json(200, existing);
    const assignment = { id: randomUUID(), principalId: body.principalId.toLowerCase(), role: body.role };
    vault.roleAssignments.push(assignment);
    store.changed();
    ctx.json(201, assignment);
  });

  router.on('DELETE', '/_admin/vaults/:name/role-assignments/:id', (ctx) => {
    const vault = vaultOf(ctx);
    const index = vault.roleAssignments.findIndex((a) => a.id === ctx.params.id);
    if (index < 0) throw new AdminError(404, 'NotFound', `No role assignment ${ctx.params.id} on ${vault.name}`);
    vault.roleAssignments.splice(index, 1);
    store.changed();
    ctx.json(200, describe(vault));
  });

  router.on('PUT', '/_admin/vaults/:name/access-policies/:objectId', async (ctx) => {
    const vault = vaultOf(ctx);
    const objectId = guid.safeParse(ctx.params.objectId);
    if (!objectId.success) throw new AdminError(400, 'ValidationFailed', 'path.objectId: must be a GUID');
    const body = await readAdminJson(ctx, accessPolicySchema);
    const key = objectId.data.toLowerCase();
    const policy = vault.accessPolicies.find((p) => p.objectId.toLowerCase() === key);
    if (policy) policy.secrets = [...new Set(body.secrets)];
    else vault.accessPolicies.push({ objectId: key, secrets: [...new Set(body.secrets)] });
    store.changed();
    ctx.json(200, describe(vault));
  });

  router.on('DELETE', '/_admin/vaults/:name/access-policies/:objectId', (ctx) => {
    const vault = vaultOf(ctx);
    const key = ctx.params.objectId!.toLowerCase();
    const index = vault.accessPolicies.findIndex((p) => p.objectId.toLowerCase() === key);
    if (index < 0) throw new AdminError(404, 'NotFound', `No access policy for ${ctx.params.objectId} on ${vault.name}`);
    vault.accessPolicies.splice(index, 1);
    store.changed();
    ctx.json(200, describe(vault));
  });
}
