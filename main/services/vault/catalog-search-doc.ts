import type { VaultSettings } from '../settings/settings.schema.js';

/** What a search document is made from: a stored secret (generic, so this file needs nothing of the catalog's). */
interface Searchable {
  name: string;
  tags?: Record<string, string>;
}

/** A search document of the catalog's index: the stored secret plus where it lives. */
export interface CatalogDoc<S extends Searchable> {
  key: string;
  vault: string;
  name: string;
  vaultDisplayName?: string;
  customer?: string;
  tags?: Record<string, string>;
  stored: S;
}

/** The document for one stored secret (made once per stored object, so the index reuses its tokenisation). */
export function catalogDoc<S extends Searchable>(vault: string, lowerName: string, stored: S, settings: VaultSettings | undefined): CatalogDoc<S> {
  const doc: CatalogDoc<S> = { key: `${vault}/${lowerName}`, vault, name: stored.name, stored };
  if (settings?.displayName) doc.vaultDisplayName = settings.displayName;
  if (settings?.customer) doc.customer = settings.customer;
  if (stored.tags) doc.tags = stored.tags;
  return doc;
}
