/**
 * JIT Vault's account id: `{homeAccountId}|{tenantId}`. It is opaque to other services (store it,
 * compare it, pass it back); only AuthService builds and parses it.
 *
 * MSAL's homeAccountId (`uid.utid` of the home tenant) is NOT enough on its own: an MSP engineer
 * invited as a guest into customer tenants has the same homeAccountId in every tenant, while tokens,
 * PIM eligibilities and vaults are per tenant. Adding the tenant makes one id per sign-in.
 */
export function composeAccountId(homeAccountId: string, tenantId: string): string {
  return `${homeAccountId}|${tenantId}`;
}

/** Splits an id built by `composeAccountId`; undefined for anything else. */
export function parseAccountId(accountId: string): { homeAccountId: string; tenantId: string } | undefined {
  const at = accountId.lastIndexOf('|');
  if (at <= 0 || at === accountId.length - 1) return undefined;
  return { homeAccountId: accountId.slice(0, at), tenantId: accountId.slice(at + 1) };
}
