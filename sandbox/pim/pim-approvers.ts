import type { AssignmentScheduleRequest, TenantState } from '../state/model.js';

/**
 * Who may decide an approval stage, and how long a request may wait for it.
 *
 * A stage's primary approvers are users (`singleUser`) and groups (`groupMembers`); any one of them
 * decides for all (approval-get.md: one stage, "any approver"). Members of an approver group are its
 * standing members.
 */

/**
 * approvalStageTimeOutInDays: "The number of days that a request can be pending a response before
 * it's automatically denied" (resources/approvalstage.md). PIM fixes it at one day for activations.
 */
export const APPROVAL_TIMEOUT_DAYS = 1;
/** The same timeout in milliseconds. */
export const APPROVAL_TIMEOUT_MS = APPROVAL_TIMEOUT_DAYS * 24 * 3600_000;

/** When a request awaiting approval lapses (epoch ms). */
export function approvalLapsesAt(request: Pick<AssignmentScheduleRequest, 'createdDateTime'>): number {
  return Date.parse(request.createdDateTime) + APPROVAL_TIMEOUT_MS;
}

/** Whether `oid` is one of `approvers`, directly or as a standing member of a listed group. */
export function isListedApprover(tenant: TenantState, approvers: readonly string[], oid: string): boolean {
  const id = oid.toLowerCase();
  return approvers.some((a) => {
    if (a.toLowerCase() === id) return true;
    const group = tenant.groups.find((g) => g.id.toLowerCase() === a.toLowerCase());
    return group?.members.some((m) => m.toLowerCase() === id) ?? false;
  });
}

/** Whether a principal id names a group of the tenant (else a user). */
export function isGroupPrincipal(tenant: TenantState, id: string): boolean {
  return tenant.groups.some((g) => g.id.toLowerCase() === id.toLowerCase());
}
