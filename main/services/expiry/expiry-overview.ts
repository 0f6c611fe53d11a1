import { EXPIRY_BADGES, expiryBadge, type ExpiryBadge, type ExpiryGroupDto, type ExpiryItemDto, type ExpiryOverviewDto } from '../../../shared/domain/expiry.js';
import type { ExpiringItem } from './expiry-source.js';

const DAY_MS = 86_400_000;

/** What the overview needs to know of a configured vault and tenant. */
export interface ExpiryVaultInfo {
  name: string;
  tenantId: string;
  displayName?: string;
  customer?: string;
}
export interface ExpiryTenantInfo {
  tenantId: string;
  displayName?: string;
}

/** The overview's inputs: the items of every source, the configured vaults and tenants, now. */
export interface ExpiryOverviewInput {
  items: ExpiringItem[];
  vaults: readonly ExpiryVaultInfo[];
  tenants: readonly ExpiryTenantInfo[];
  now: number;
  horizonDays: number;
  kinds: ExpiringItem['kind'][];
}

/** A stable key per item: kind, vault and lower-case name (Key Vault names are case-insensitive). */
export function expiryKey(item: Pick<ExpiringItem, 'kind' | 'vault' | 'name'>): string {
  return `${item.kind}:${item.vault}/${item.name.toLowerCase()}`;
}

/**
 * Builds the overview: every item expiring before `now + horizonDays`, and every item already
 * expired (it is broken now, which is the first thing a person must see), soonest first. Grouped by
 * customer (the vault's `customer` label, else its tenant's name: an MSP thinks in customers), then
 * vault; a group's place is its most urgent item's. Items of vaults no longer configured are left
 * out (their names would have no customer and no way to act on them).
 */
export function buildExpiryOverview(input: ExpiryOverviewInput): ExpiryOverviewDto {
  const { now } = input;
  const until = now + input.horizonDays * DAY_MS;
  const vaults = new Map(input.vaults.map((vault) => [vault.name.toLowerCase(), vault]));
  const tenants = new Map(input.tenants.map((tenant) => [tenant.tenantId.toLowerCase(), tenant]));
  const counts = Object.fromEntries(EXPIRY_BADGES.map((badge) => [badge, 0])) as Record<ExpiryBadge, number>;

  const items: { dto: ExpiryItemDto; vault: ExpiryVaultInfo }[] = [];
  const seen = new Set<string>();
  for (const item of input.items) {
    if (item.expiresOn > until) continue;
    const vault = vaults.get(item.vault.toLowerCase());
    if (!vault) continue;
    const key = expiryKey({ ...item, vault: vault.name });
    if (seen.has(key)) continue;
    seen.add(key);
    const badge = expiryBadge(item.expiresOn, now);
    counts[badge] += 1;
    items.push({
      vault,
      dto: {
        key,
        kind: item.kind,
        vault: vault.name,
        ...(vault.displayName ? { vaultDisplayName: vault.displayName } : {}),
        name: item.name,
        expiresOn: item.expiresOn,
        badge,
        enabled: item.enabled,
        ...(item.autoRenew !== undefined ? { autoRenew: item.autoRenew } : {}),
      },
    });
  }
  items.sort((a, b) => a.dto.expiresOn - b.dto.expiresOn || a.dto.name.localeCompare(b.dto.name) || a.dto.kind.localeCompare(b.dto.kind));

  // Items are already soonest first, so groups and vaults are created in order of their most urgent item.
  const groups: ExpiryGroupDto[] = [];
  const groupOf = new Map<string, ExpiryGroupDto>();
  for (const { dto, vault } of items) {
    const tenant = tenants.get(vault.tenantId.toLowerCase());
    const tenantName = tenant?.displayName ?? vault.tenantId;
    const customer = vault.customer ?? tenantName;
    const groupKey = `${customer.toLowerCase()}|${vault.tenantId.toLowerCase()}`;
    let group = groupOf.get(groupKey);
    if (!group) {
      group = { customer, tenantId: vault.tenantId, tenantName, vaults: [] };
      groupOf.set(groupKey, group);
      groups.push(group);
    }
    let vaultGroup = group.vaults.find((v) => v.vault === vault.name);
    if (!vaultGroup) {
      vaultGroup = { vault: vault.name, ...(vault.displayName ? { vaultDisplayName: vault.displayName } : {}), items: [] };
      group.vaults.push(vaultGroup);
    }
    vaultGroup.items.push(dto);
  }
  return { generatedAt: now, horizonDays: input.horizonDays, items: items.map((i) => i.dto), groups, counts, kinds: [...input.kinds] };
}
