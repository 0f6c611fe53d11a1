import { durationToMinutes } from './iso-duration.js';
import type { PimPolicy } from './pim.types.js';

/** A rule of a Graph unifiedRoleManagementPolicy, loosely typed: Graph adds fields over time. */
interface GraphPolicyRule {
  '@odata.type'?: string;
  id?: string;
  maximumDuration?: string;
  isExpirationRequired?: boolean;
  enabledRules?: string[];
  setting?: { isApprovalRequired?: boolean };
  isEnabled?: boolean;
  claimValue?: string | null;
  target?: { caller?: string; level?: string };
}

/** Azure's default when a policy says nothing: 8 hours, justification required. */
export const DEFAULT_POLICY: PimPolicy = {
  maxDurationMinutes: 480,
  requireJustification: true,
  requireTicket: false,
  requireMfa: false,
  requireApproval: false,
};

/**
 * Reads the end-user activation rules of a PIM for Groups policy (`…/policy/rules`). Only rules whose
 * id ends in `_EndUser_Assignment` govern self-activation; admin rules are ignored.
 */
export function parsePolicyRules(rules: GraphPolicyRule[]): PimPolicy {
  const policy: PimPolicy = { ...DEFAULT_POLICY };
  for (const rule of rules) {
    const type = rule['@odata.type'] ?? '';
    const endUser = rule.id?.endsWith('_EndUser_Assignment') ?? rule.target?.caller === 'EndUser';
    if (!endUser) continue;
    if (type.endsWith('ExpirationRule') && rule.maximumDuration) {
      policy.maxDurationMinutes = durationToMinutes(rule.maximumDuration) ?? policy.maxDurationMinutes;
    } else if (type.endsWith('EnablementRule')) {
      const enabled = new Set(rule.enabledRules ?? []);
      policy.requireJustification = enabled.has('Justification');
      policy.requireTicket = enabled.has('Ticketing');
      policy.requireMfa = enabled.has('MultiFactorAuthentication');
    } else if (type.endsWith('ApprovalRule')) {
      policy.requireApproval = rule.setting?.isApprovalRequired === true;
    } else if (type.endsWith('AuthenticationContextRule') && rule.isEnabled && rule.claimValue) {
      policy.authenticationContext = rule.claimValue;
    }
  }
  return policy;
}
