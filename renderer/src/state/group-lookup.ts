import type { AccountDto, EligibleGroupDto, VaultStatusDto } from '../../../shared/domain/types.js';

/** The PIM group configured to unlock a vault (VaultStatusDto.pimGroupId), if any. */
export function groupIdForVault(vault: string, statuses: VaultStatusDto[]): string | undefined {
  return statuses.find((status) => status.name === vault)?.pimGroupId;
}

/**
 * The eligible groups (one per eligible account) that unlock a vault. Group and tenant ids arrive
 * from main lower-cased (settings schema, Graph ingress), so the renderer compares them with `===`.
 */
export function groupsForVault(vault: string, statuses: VaultStatusDto[], eligible: EligibleGroupDto[]): EligibleGroupDto[] {
  const groupId = groupIdForVault(vault, statuses);
  if (!groupId) return [];
  return eligible.filter((group) => group.groupId === groupId || group.vaults.includes(vault));
}

/**
 * A group's label: "Fabrikam admins" with one account; with several, the tenant it belongs to —
 * "Fabrikam admins — Fabrikam Ltd" — because two customers' groups often share a name ("Helpdesk
 * admins"). Two accounts in one tenant add the account: "… — Fabrikam Ltd (ana@fabrikam.example)".
 */
export function groupLabeller(accounts: AccountDto[], tenants: { tenantId: string; displayName: string }[] = []): (group: Pick<EligibleGroupDto, 'displayName' | 'accountId' | 'tenantId'>) => string {
  return (group) => {
    if (accounts.length < 2) return group.displayName;
    const account = accounts.find((a) => a.accountId === group.accountId);
    const tenantId = group.tenantId || account?.tenantId || '';
    const tenant = tenants.find((t) => t.tenantId === tenantId)?.displayName ?? account?.tenantName ?? group.tenantId;
    const sameTenant = accounts.filter((a) => a.tenantId === tenantId).length > 1;
    return `${group.displayName} — ${tenant}${sameTenant ? ` (${account?.username ?? group.accountId})` : ''}`;
  };
}

/** A vault's display name (falls back to its name). */
export function vaultLabel(vault: string, statuses: VaultStatusDto[]): string {
  const status = statuses.find((s) => s.name === vault);
  return status?.displayName ?? vault;
}
