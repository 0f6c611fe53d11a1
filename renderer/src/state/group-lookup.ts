import type { AccountDto, EligibleGroupDto, VaultStatusDto } from '../../../shared/domain/types.js';

/** The PIM group configured to unlock a vault (VaultStatusDto.pimGroupId), if any. */
export function groupIdForVault(vault: string, statuses: VaultStatusDto[]): string | undefined {
  return statuses.find((status) => status.name === vault)?.pimGroupId;
}

/** The eligible groups (one per eligible account) that unlock a vault. */
export function groupsForVault(vault: string, statuses: VaultStatusDto[], eligible: EligibleGroupDto[]): EligibleGroupDto[] {
  const groupId = groupIdForVault(vault, statuses)?.toLowerCase();
  if (!groupId) return [];
  return eligible.filter((group) => group.groupId.toLowerCase() === groupId || group.vaults.includes(vault));
}

/** "Fabrikam admins" or, when several accounts are signed in, "Fabrikam admins — ana@fabrikam.example". */
export function groupLabeller(accounts: AccountDto[]): (group: EligibleGroupDto) => string {
  return (group) => {
    if (accounts.length < 2) return group.displayName;
    const account = accounts.find((a) => a.accountId === group.accountId);
    return `${group.displayName} — ${account?.username ?? group.accountId}`;
  };
}

/** A vault's display name (falls back to its name). */
export function vaultLabel(vault: string, statuses: VaultStatusDto[]): string {
  const status = statuses.find((s) => s.name === vault);
  return status?.displayName ?? vault;
}
