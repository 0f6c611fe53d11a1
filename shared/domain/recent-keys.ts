import type { AuditEntry } from './types.js';

/** How many recently used items lead the list when the search box is empty. */
export const RECENTS_SHOWN = 5;

/**
 * The items the signed-in accounts copied or revealed last, most recent first, as catalog keys
 * (`${vault}/${lower-case name}`), from audit journal entries (newest first, already scoped to the
 * signed-in accounts: on a shared machine the previous user's recents are not this user's). The
 * journal is the record of use, so recents survive a restart. The renderer orders its empty search
 * by them; main keeps the same items in the catalog cache's first screen.
 */
export function recentKeys(journal: readonly Pick<AuditEntry, 'action' | 'outcome' | 'vault' | 'secretName'>[], max = RECENTS_SHOWN): string[] {
  const keys: string[] = [];
  for (const entry of journal) {
    if ((entry.action !== 'copy' && entry.action !== 'reveal') || entry.outcome !== 'ok' || !entry.vault || !entry.secretName) continue;
    const key = `${entry.vault}/${entry.secretName.toLowerCase()}`;
    if (!keys.includes(key)) keys.push(key);
    if (keys.length >= max) break;
  }
  return keys;
}
