/**
 * Errors the PIM domain raises, carrying Graph's HTTP status, error code and message. The Graph
 * router renders them in Graph's error shape; the admin API in its own. Sources for each code and
 * message are noted where they are defined (see also shared/reference/azure-apis.md §2.5).
 */
export class PimError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'PimError';
  }
}

/** Rule names as PIM reports them in RoleAssignmentRequestPolicyValidationFailed, in the order it lists them. */
export type PolicyRuleName = 'EligibilityRule' | 'ExpirationRule' | 'MfaRule' | 'JustificationRule' | 'TicketingRule';

const RULE_ORDER: PolicyRuleName[] = ['EligibilityRule', 'ExpirationRule', 'MfaRule', 'JustificationRule', 'TicketingRule'];

/**
 * One 400 with every failed rule, e.g. `The following policy rules failed: ["ExpirationRule"]`
 * (real captures: netr0m/az-pim-cli#66, MicrosoftDocs/azure-docs#80426 `["EligibilityRule","ExpirationRule"]`,
 * msgraph-sdk-powershell#1808 `["MfaRule"]`).
 */
export function policyValidationFailed(rules: PolicyRuleName[]): PimError {
  const ordered = RULE_ORDER.filter((r) => rules.includes(r));
  return new PimError(400, 'RoleAssignmentRequestPolicyValidationFailed', `The following policy rules failed: ${JSON.stringify(ordered)}`);
}

/** The real message carries the typo "Miniumum" (DanielChronlund/DCToolbox#50). */
export function activeDurationTooShort(minimumSeconds: number): PimError {
  const minutes = Math.round((minimumSeconds / 60) * 100) / 100;
  return new PimError(400, 'ActiveDurationTooShort', `The Active duration is too short. Miniumum Required is ${minutes} minutes.`);
}

/** An active (or scheduled) assignment already exists for this principal, group and access. */
export function roleAssignmentExists(): PimError {
  return new PimError(400, 'RoleAssignmentExists', 'The Role assignment already exists.');
}

/**
 * A request for the same principal, group and access is still pending (approval or provisioning).
 * Code and wording from the PIM error table (governanceRoleAssignmentRequest docs): "There already
 * exists a pending ... request in the system."; ARM returns the same code (third-party clients).
 */
export function pendingRequestExists(): PimError {
  return new PimError(400, 'PendingRoleAssignmentRequest', 'There already exists a pending role assignment request in the system.');
}

/** Deactivating (or extending) something that is not active. Message wording unverified. */
export function roleAssignmentDoesNotExist(): PimError {
  return new PimError(400, 'RoleAssignmentDoesNotExist', 'The Role assignment does not exist.');
}

/**
 * Authentication-context step-up. Real responses carry only the claims challenge in `message`, the
 * JSON URL-encoded with a space after the comma (Azure/azure-powershell#25421:
 * `&claims=%7B%22access_token%22%3A%7B%22acrs%22%3A%7B%22essential%22%3Atrue%2C%20%22value%22%3A%22c1%22%7D%7D%7D`).
 */
export function acrsValidationFailed(claimValue: string): PimError {
  const claims = `{"access_token":{"acrs":{"essential":true, "value":${JSON.stringify(claimValue)}}}}`;
  return new PimError(400, 'RoleAssignmentRequestAcrsValidationFailed', `&claims=${encodeURIComponent(claims)}`);
}

/** The claims JSON a client must request after RoleAssignmentRequestAcrsValidationFailed. */
export function claimsFromAcrsMessage(message: string): string | undefined {
  const m = /[&?]claims=([^&]+)/.exec(message);
  return m ? decodeURIComponent(m[1]!) : undefined;
}

/** Cancel on a request that is no longer pending (EasyPIM issue #79, ARM capture). */
export function requestCannotBeCancelled(): PimError {
  return new PimError(400, 'RequestCannotBeCancelled', 'Request is not in cancellable state.');
}

/** Seen for PIM for Groups requests Graph cannot act on (hashicorp/terraform-provider-azuread#1464). */
export function invalidRoleAssignmentRequest(): PimError {
  return new PimError(400, 'InvalidRoleAssignmentRequest', 'The role assignment request is invalid.');
}

/** A malformed body or parameter. */
export function badRequest(message: string): PimError {
  return new PimError(400, 'BadRequest', message);
}

/** An id that names nothing the caller can see. Wording follows Graph's directory 404s. */
export function notFound(id: string): PimError {
  return new PimError(404, 'NotFound', `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);
}

/** The caller may not act on this object (e.g. reviewing an approval not assigned to them). */
export function forbidden(message: string): PimError {
  return new PimError(403, 'Forbidden', message);
}
