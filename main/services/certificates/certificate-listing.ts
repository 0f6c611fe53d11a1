import type { CertificateClient } from '@azure/keyvault-certificates';
import type { VaultSettings } from '../settings/settings.schema.js';
import type { CertificateItem } from './certificate.types.js';
import { itemFromProperties, withDetails } from './certificate-mapper.js';

/** How many certificate GETs run at once per vault (details: subject, SANs, policy). */
const DETAIL_CONCURRENCY = 4;

/** Turns a thrown SDK error into the item's `detailsError` (the listing fields still show). */
export type DetailsErrorOf = (error: unknown, name: string) => NonNullable<CertificateItem['detailsError']>;

/**
 * Lists one vault's certificates: the paged listing (pending ones included), then each
 * certificate's GET for what the listing lacks (subject, SANs, issuer, key type, policy). A GET that
 * fails marks only that item (`detailsError`); a failed listing rejects as a whole. Versions are not
 * read here: they are loaded when the user opens a certificate.
 */
export async function listVaultCertificates(
  client: CertificateClient,
  vault: VaultSettings,
  options: { signal: AbortSignal; pageSize: number; detailsErrorOf: DetailsErrorOf },
): Promise<CertificateItem[]> {
  const items: CertificateItem[] = [];
  for await (const page of client.listPropertiesOfCertificates({ includePending: true, abortSignal: options.signal }).byPage({ maxPageSize: options.pageSize })) {
    for (const properties of page) if (properties.name) items.push(itemFromProperties(vault, properties));
  }
  const detailed: CertificateItem[] = new Array<CertificateItem>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length && !options.signal.aborted) {
      const index = next++;
      const item = items[index]!;
      try {
        detailed[index] = withDetails(item, await client.getCertificate(item.name, { abortSignal: options.signal }));
      } catch (error) {
        if (options.signal.aborted) throw error;
        detailed[index] = { ...item, ...pendingOr(item, error, options.detailsErrorOf) };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(DETAIL_CONCURRENCY, items.length) }, worker));
  if (options.signal.aborted) throw options.signal.reason ?? new Error('aborted');
  return detailed.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * A certificate whose first version is still being issued has no certificate to GET yet (Key Vault
 * answers 404 until the pending operation completes): it is pending, not broken.
 */
function pendingOr(item: CertificateItem, error: unknown, detailsErrorOf: DetailsErrorOf): Partial<CertificateItem> {
  if ((error as { statusCode?: number }).statusCode === 404 && !item.thumbprint) return { pending: true };
  return { detailsError: detailsErrorOf(error, item.name) };
}
