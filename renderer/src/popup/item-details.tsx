import type { CatalogItemDto } from '../../../shared/domain/types.js';
import { isCertificateItem } from '../state/certificate-lookup.js';
import { formatDateTime } from '../util/format.js';
import { validityWords } from './certificate-summary.js';

/**
 * What a password manager shows with the selected item: customer and vault, username, host, URL
 * and notes from its tags (the organisation's tag convention), and — for a name kept from an
 * earlier listing — "names as of <date>". Metadata only; shown locked or not.
 */
export function ItemDetails({ item }: { item: CatalogItemDto | undefined }) {
  if (!item) return null;
  const fields = item.fields ?? {};
  const rows: [string, string][] = [];
  if (isCertificateItem(item)) {
    // The few facts that tell two certificates apart; Enter opens all of them (and the saves).
    const { certificate } = item;
    if (certificate.subject) rows.push(['Subject', certificate.subject]);
    if (certificate.subjectAlternativeNames?.length) rows.push(['Names', certificate.subjectAlternativeNames.join(', ')]);
    rows.push(['Valid', validityWords(certificate, Date.now())]);
  }
  if (fields.username) rows.push(['Username', fields.username]);
  if (fields.host) rows.push(['Host', fields.host]);
  if (fields.url) rows.push(['URL', fields.url]);
  if (fields.notes) rows.push(['Notes', fields.notes]);
  return (
    <section className="item-details" aria-label={`Details of ${item.name}`}>
      <div className="item-where">
        {item.customer ? <span className="customer-tag">{item.customer}</span> : null}
        <span className="muted">{item.vaultDisplayName ?? item.vault}</span>
        {item.versions !== undefined ? <span className="muted">{item.versions === 1 ? '1 version' : `${item.versions} versions`}</span> : null}
        {item.namesAsOf !== undefined ? <span className="muted names-as-of">names as of {formatDateTime(item.namesAsOf)}</span> : null}
      </div>
      {rows.length > 0 ? (
        <dl className="item-fields">
          {rows.map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd className={label === 'Notes' || label === 'Valid' ? undefined : 'mono'}>{value}</dd>
            </div>
          ))}
        </dl>
      ) : null}
    </section>
  );
}
