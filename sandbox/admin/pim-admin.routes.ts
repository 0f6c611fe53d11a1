/**
 * PIM admin routes: mounted by admin/admin.router.ts, behind its admin-key check. Every route takes
 * and returns JSON; errors are `{ error: { code, message } }`. Ids are the Graph ids clients see.
 *
 * - `GET /_admin/pim/requests[?tenantId=&status=&principalId=&groupId=]` — every assignment schedule
 *   request (newest first) in Graph's JSON shape, with the status as of the sandbox clock:
 *   `{ requests: [...] }`.
 * - `POST /_admin/pim/requests/:id/approve` `{ justification? }` — approves a request in
 *   `PendingApproval` as the sandbox administrator; it reads Granted, then PendingProvisioning, and is
 *   Provisioned 1 s (sandbox clock) later. 200 with the request; 409 when it is not pending approval.
 * - `POST /_admin/pim/requests/:id/deny` `{ justification? }` — denies it (status Denied). 200 / 409.
 * - `POST /_admin/pim/assignments/:id/revoke` — ends an activation now, as an administrator's removal:
 *   the instance disappears, the activation request reads Revoked, newly issued tokens lose the group.
 *   `:id` is the assignment schedule id (the request's `targetScheduleId`) or the request id. 200 with
 *   `{ assignment }`; 404 unknown; 409 already ended.
 * - `POST /_admin/pim/assignments/:id/expire` — sets the activation's end time to now (as if it had
 *   run out; the request stays Provisioned). 200 / 404 / 409.
 * - `GET /_admin/pim/assignments[?tenantId=]` — activations (schedules) with `active` and
 *   `visibleToTokens` flags: `{ assignments: [...] }`.
 * - `POST /_admin/pim/eligibilities` `{ groupId, principalId, accessId?='member', tenantId?,
 *   startDateTime?, endDateTime? }` — makes a user eligible. 201 with `{ eligibility }` (Graph's
 *   eligibility schedule shape); 404 unknown group/user; 409 already eligible.
 * - `DELETE /_admin/pim/eligibilities` `{ id }` or `{ groupId, principalId, accessId? }` — removes
 *   eligibilities (also `DELETE /_admin/pim/eligibilities/:id`). 200 `{ removed: n }`; 404 when none.
 *
 * The sandbox clock (`POST /_admin/clock/advance`) and settings (propagation delay, minimum
 * activation) have their own admin routes.
 */
import { z } from 'zod';
import type { SandboxContext } from '../context.js';
import type { RequestContext, Router } from '../http/router.js';
import { PimError } from '../pim/pim-errors.js';
import { adminDecide, addEligibility, endActivation, removeEligibility } from '../pim/pim-admin-ops.js';
import { hasEnded, pimContext, sameId, settle } from '../pim/pim-lifecycle.js';
import { assignmentScheduleJson, eligibilityScheduleJson, requestJson } from '../graph/pim-views.js';
import { AdminError, readAdminJson } from './admin-http.js';

const decisionSchema = z.strictObject({ justification: z.string().max(2000).optional() });

const eligibilitySchema = z.strictObject({
  tenantId: z.string().optional(),
  groupId: z.string().min(1),
  principalId: z.string().min(1),
  accessId: z.enum(['member', 'owner']).default('member'),
  startDateTime: z.iso.datetime({ offset: true }).optional(),
  endDateTime: z.iso.datetime({ offset: true }).nullable().optional(),
});

const removeSchema = z
  .strictObject({ id: z.string().optional(), groupId: z.string().optional(), principalId: z.string().optional(), accessId: z.enum(['member', 'owner']).optional() })
  .refine((b) => b.id !== undefined || (b.groupId !== undefined && b.principalId !== undefined), { message: 'give id, or groupId and principalId', path: ['id'] });

/** Registers the PIM admin routes (paths include the `/_admin` prefix). */
export function registerPimAdminRoutes(router: Router, context: SandboxContext): void {
  const { store } = context;

  router.on('GET', '/_admin/pim/requests', (ctx) => {
    const q = ctx.url.searchParams;
    const requests = tenantsOf(context, q.get('tenantId')).flatMap((tenant) => {
      const pim = pimContext(store, tenant);
      if (settle(pim)) store.changed();
      return tenant.requests
        .map((r): Record<string, unknown> => ({ tenantId: tenant.id, ...requestJson(pim, r) }))
        .filter((r) => matches(String(r.status), q.get('status')) && matches(String(r.principalId), q.get('principalId')) && matches(String(r.groupId), q.get('groupId')));
    });
    requests.sort((a, b) => String(b.createdDateTime).localeCompare(String(a.createdDateTime)));
    ctx.json(200, { requests });
  });

  for (const decision of ['approve', 'deny'] as const) {
    router.on('POST', `/_admin/pim/requests/:id/${decision}`, async (ctx) => {
      const body = await readAdminJson(ctx, decisionSchema);
      const request = adminCall(() => adminDecide(store, ctx.params.id!, decision === 'approve' ? 'Approve' : 'Deny', body.justification ?? null));
      ctx.json(200, { request: requestJson(pimContext(store, tenantOfRequest(context, request.id)), request) });
    });
  }

  for (const how of ['revoke', 'expire'] as const) {
    router.on('POST', `/_admin/pim/assignments/:id/${how}`, (ctx) => {
      ctx.req.resume();
      const schedule = adminCall(() => endActivation(store, ctx.params.id!, how));
      const tenant = store.data.tenants.find((t) => t.assignments.includes(schedule))!;
      ctx.json(200, { assignment: assignmentScheduleJson(pimContext(store, tenant), schedule) });
    });
  }

  router.on('GET', '/_admin/pim/assignments', (ctx) => {
    const now = context.clock.now();
    const assignments = tenantsOf(context, ctx.url.searchParams.get('tenantId')).flatMap((tenant) =>
      tenant.assignments.map((a) => ({
        tenantId: tenant.id,
        ...assignmentScheduleJson(pimContext(store, tenant), a),
        requestId: a.requestId,
        active: store.isAssignmentActive(a, now),
        ended: hasEnded(a, now),
        visibleToTokens: store.isAssignmentActive(a, now) && a.visibleToTokensAt <= now,
        visibleToTokensAt: new Date(a.visibleToTokensAt).toISOString(),
      })),
    );
    ctx.json(200, { assignments });
  });

  router.on('POST', '/_admin/pim/eligibilities', async (ctx) => {
    const body = await readAdminJson(ctx, eligibilitySchema);
    const { eligibility, tenant } = adminCall(() =>
      addEligibility(store, {
        groupId: body.groupId,
        principalId: body.principalId,
        accessId: body.accessId,
        ...(body.tenantId ? { tenantId: body.tenantId } : {}),
        ...(body.startDateTime ? { startDateTime: body.startDateTime } : {}),
        ...(body.endDateTime !== undefined ? { endDateTime: body.endDateTime } : {}),
      }),
    );
    ctx.json(201, { tenantId: tenant.id, eligibility: eligibilityScheduleJson(eligibility) });
  });

  const remove = (ctx: RequestContext, match: Parameters<typeof removeEligibility>[1]) => {
    const removed = removeEligibility(store, match);
    if (removed === 0) throw new AdminError(404, 'NotFound', 'No matching eligibility.');
    ctx.json(200, { removed });
  };
  router.on('DELETE', '/_admin/pim/eligibilities', async (ctx) => {
    const body = await readAdminJson(ctx, removeSchema);
    remove(ctx, body);
  });
  router.on('DELETE', '/_admin/pim/eligibilities/:id', (ctx) => {
    ctx.req.resume();
    remove(ctx, { id: ctx.params.id! });
  });
}

/** Runs a PIM operation, turning its PimError into the admin API's error. */
function adminCall<T>(operation: () => T): T {
  try {
    return operation();
  } catch (error) {
    if (error instanceof PimError) throw new AdminError(error.status, error.code, error.message);
    throw error;
  }
}

function tenantsOf(context: SandboxContext, tenantId: string | null) {
  if (!tenantId) return context.store.data.tenants;
  const tenant = context.store.tenant(tenantId);
  if (!tenant) throw new AdminError(404, 'NotFound', `No tenant ${tenantId}.`);
  return [tenant];
}

function tenantOfRequest(context: SandboxContext, requestId: string) {
  return context.store.data.tenants.find((t) => t.requests.some((r) => r.id === requestId))!;
}

function matches(value: string, wanted: string | null): boolean {
  return wanted === null || wanted === '' || sameId(value, wanted);
}
