import type { SandboxContext } from '../context.js';
import type { RequestContext, Router } from '../http/router.js';
import type { GroupState, TenantState, VaultState } from '../state/model.js';
import { AdminError } from './admin-http.js';

/**
 * Directory changes and a state overview:
 * `POST/DELETE /_admin/tenants/:tid/groups/:gid/members/:oid` (standing membership, which shows
 * in the next token issued, with no propagation delay — like a directory change already replicated)
 * and `GET /_admin/state/summary` (counts only: never a password, secret value or token).
 */
export function registerStateAdminRoutes(router: Router, context: SandboxContext): void {
  const { store, clock } = context;

  const groupOf = (ctx: RequestContext): { tenant: TenantState; group: GroupState } => {
    const tenant = store.tenant(ctx.params.tid!);
    if (!tenant) throw new AdminError(404, 'NotFound', `No tenant "${ctx.params.tid}"`);
    const gid = ctx.params.gid!.toLowerCase();
    const group = tenant.groups.find((g) => g.id.toLowerCase() === gid);
    if (!group) throw new AdminError(404, 'NotFound', `No group ${ctx.params.gid} in tenant ${tenant.id}`);
    return { tenant, group };
  };

  router.on('POST', '/_admin/tenants/:tid/groups/:gid/members/:oid', (ctx) => {
    const { tenant, group } = groupOf(ctx);
    const oid = ctx.params.oid!.toLowerCase();
    const user = tenant.users.find((u) => u.oid.toLowerCase() === oid);
    if (!user) throw new AdminError(404, 'NotFound', `No user with oid ${ctx.params.oid} in tenant ${tenant.id}`);
    const added = !group.members.includes(user.oid);
    if (added) {
      group.members.push(user.oid);
      store.changed();
    }
    ctx.json(added ? 201 : 200, { groupId: group.id, members: group.members });
  });

  router.on('DELETE', '/_admin/tenants/:tid/groups/:gid/members/:oid', (ctx) => {
    const { group } = groupOf(ctx);
    const oid = ctx.params.oid!.toLowerCase();
    const index = group.members.findIndex((m) => m.toLowerCase() === oid);
    if (index < 0) throw new AdminError(404, 'NotFound', `${ctx.params.oid} is not a standing member of ${group.id}`);
    group.members.splice(index, 1);
    store.changed();
    ctx.json(200, { groupId: group.id, members: group.members });
  });

  router.on('GET', '/_admin/state/summary', (ctx) => {
    const now = clock.now();
    const refreshTokens = Object.values(store.data.refreshTokens);
    ctx.json(200, {
      time: clock.iso(),
      clockOffsetMs: clock.offset,
      tenants: store.data.tenants.map((t) => summarizeTenant(context, t, now)),
      refreshTokens: { total: refreshTokens.length, active: refreshTokens.filter((r) => !r.revoked && r.expiresAt > now).length },
      faultRules: context.faults.list().length,
      requestLog: context.log.list(Number.MAX_SAFE_INTEGER).total,
    });
  });
}

function summarizeTenant(context: SandboxContext, tenant: TenantState, now: number) {
  const byStatus: Record<string, number> = {};
  for (const request of tenant.requests) byStatus[request.status] = (byStatus[request.status] ?? 0) + 1;
  return {
    id: tenant.id,
    displayName: tenant.displayName,
    users: tenant.users.length,
    groups: tenant.groups.map((g) => ({ id: g.id, displayName: g.displayName, standingMembers: g.members.length })),
    eligibilities: tenant.eligibilities.length,
    policies: tenant.policies.length,
    requests: { total: tenant.requests.length, byStatus },
    activeAssignments: tenant.assignments.filter((a) => context.store.isAssignmentActive(a, now)).length,
    pendingApprovals: tenant.approvals.filter((a) => a.stages.some((s) => s.status === 'InProgress')).length,
    vaults: tenant.vaults.map(summarizeVault),
  };
}

function summarizeVault(vault: VaultState) {
  const records = Object.values(vault.secrets);
  return {
    name: vault.name,
    permissionModel: vault.permissionModel,
    firewallEnabled: vault.firewallEnabled,
    secrets: records.filter((r) => !r.deleted).length,
    deletedSecrets: records.filter((r) => r.deleted).length,
    versions: records.reduce((sum, r) => sum + r.versions.length, 0),
    roleAssignments: vault.roleAssignments.length,
    accessPolicies: vault.accessPolicies.length,
  };
}
