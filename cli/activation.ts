import type { AppCore } from '../main/core/app-core.js';
import type { SignedInAccount } from '../main/services/auth/auth.types.js';
import type { EligibleGroup } from '../main/services/pim/pim.types.js';
import { CliError } from './cli-error.js';
import { EXIT } from './exit-codes.js';
import type { Progress } from './progress.js';
import { followActivation, parseDuration, type ActivationInput } from './user-access.js';

/** The eligible group named by id or display name (case-insensitive), or exit 5 listing the eligible ones. */
export async function findEligibleGroup(core: AppCore, account: SignedInAccount, group: string): Promise<EligibleGroup> {
  const groups = await core.pim.eligibleGroups(account.accountId);
  const wanted = group.toLowerCase();
  const found = groups.find((g) => g.groupId === wanted || g.displayName.toLowerCase() === wanted);
  if (found) return found;
  const names = groups.map((g) => g.displayName).join(', ') || 'none';
  throw new CliError(`${account.username} is not eligible for a PIM group "${group}" (eligible: ${names}).`, EXIT.denied);
}

/**
 * Submits a PIM self-activation with the app's own validation (PimService checks the group's policy:
 * justification, ticket, maximum duration, minimum 5 minutes) and, with `wait`, follows it through
 * approval, provisioning and readiness — ready means Key Vault answered with a fresh token.
 */
export async function activateGroup(
  core: AppCore,
  account: SignedInAccount,
  group: EligibleGroup,
  input: ActivationInput,
  options: { wait: boolean; progress: Progress; signal: AbortSignal },
): Promise<{ requestId: string; ready: boolean }> {
  const durationMinutes = parseDuration(input.duration, group.policy.maxDurationMinutes);
  const { requestId } = await core.pim.activate({
    accountId: account.accountId,
    groupId: group.groupId,
    justification: input.justification ?? '',
    durationMinutes,
    ...(input.ticket ? { ticketNumber: input.ticket } : {}),
  });
  if (!options.wait) return { requestId, ready: false };
  options.progress.update(group.policy.requireApproval ? `Request ${requestId} submitted; waiting for an approver` : `Request ${requestId} submitted`);
  await followActivation(core, requestId, options.progress, options.signal);
  return { requestId, ready: true };
}
