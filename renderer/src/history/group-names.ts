import type { EligibleGroupDto, VaultStatusDto } from '../../../shared/domain/types.js';

/** A group whose name is known from somewhere else (approvals inbox, team view). */
export interface KnownGroup {
  groupId: string;
  groupName: string;
}

/**
 * Names for group ids as History shows them: a journal line carries only the group's id (names can
 * change; the journal keeps what cannot). In order: the name Entra gave the eligible group, a name
 * known from elsewhere (approvals), "the group for <vault>" from the vault settings, and last a
 * shortened id — never a bare 36-character GUID the helpdesk cannot read.
 */
export function groupNamer(eligible: readonly EligibleGroupDto[], statuses: readonly VaultStatusDto[], known: readonly KnownGroup[] = []): (groupId: string) => string {
  const names = new Map<string, string>();
  for (const status of statuses) {
    if (status.pimGroupId) names.set(status.pimGroupId.toLowerCase(), `group for ${status.displayName ?? status.name}`);
  }
  for (const group of known) names.set(group.groupId.toLowerCase(), group.groupName);
  for (const group of eligible) names.set(group.groupId.toLowerCase(), group.displayName);
  return (groupId) => names.get(groupId.toLowerCase()) ?? `group ${groupId.slice(0, 8)}…`;
}
