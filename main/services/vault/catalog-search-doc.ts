import type { VaultSettings } from '../settings/settings.schema.js';
import type { StoredSecret } from './secret-catalog.js';

/** A search document of the catalog's index: the stored secret plus where it lives. */
export interface CatalogDoc {
  key: string;
  vault: string;
  name: string;
  vaultDisplayName?: string;
  customer?: string;
  tags?: Record<string, string>;
  stored: StoredSecret;
}

/** The document for one stored secret (made once per stored object, so the index reuses its tokenisation). */
export function catalogDoc(vault: string, lowerName: string, stored: StoredSecret, settings: VaultSettings | undefined): CatalogDoc {
  const doc: CatalogDoc = { key: `${vault}/${lowerName}`, vault, name: stored.name, stored };
  if (settings?.displayName) doc.vaultDisplayName = settings.displayName;
  if (settings?.customer) doc.customer = settings.customer;
  if (stored.tags) doc.tags = stored.tags;
  return doc;
}
