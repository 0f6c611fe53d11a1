import { useCallback, useState } from 'react';
import { EXPIRY_BADGES, expiryInWords, type ExpiryGroupDto, type ExpiryItemDto, type ExpiryOverviewDto } from '../../../shared/domain/expiry.js';
import { unwrap } from '../bridge.js';
import { ErrorMessage } from '../components/error-message.js';
import { useServices } from '../state/services-context.js';
import { useMainRead } from '../hooks/use-main-read.js';
import { formatDateTime } from '../util/format.js';
import { BADGE_TEXT, ExpiryBadge } from './expiry-badge.js';
import { ExpiryTimeline } from './expiry-timeline.js';

const rowId = (key: string) => `expiry-row-${key.replace(/[^a-zA-Z0-9_-]/g, '_')}`;

function ItemDetails({ item, group, now }: { item: ExpiryItemDto; group: ExpiryGroupDto | undefined; now: number }) {
  return (
    <dl className="facts expiry-details" aria-label={`Details of ${item.name}`}>
      <dt>Kind</dt>
      <dd>{item.kind === 'certificate' ? 'Certificate' : 'Secret'}</dd>
      <dt>Expires</dt>
      <dd>
        {formatDateTime(item.expiresOn)} ({expiryInWords(item.expiresOn, now)})
      </dd>
      <dt>Vault</dt>
      <dd>{item.vaultDisplayName ? `${item.vaultDisplayName} (${item.vault})` : item.vault}</dd>
      {group ? (
        <>
          <dt>Customer</dt>
          <dd>{group.customer}</dd>
          <dt>Tenant</dt>
          <dd>{group.tenantName}</dd>
        </>
      ) : null}
      <dt>State</dt>
      <dd>{item.enabled ? 'Enabled' : 'Disabled in Key Vault (nothing can use it)'}</dd>
      {item.autoRenew !== undefined ? (
        <>
          <dt>Auto-renew</dt>
          <dd>{item.autoRenew ? 'On: Key Vault renews it before it expires' : 'Off: someone must renew it'}</dd>
        </>
      ) : null}
    </dl>
  );
}

/**
 * The expiry overview (access window, "Expiry" tab): everything that expires in the next 90 days
 * across vaults and tenants, and what has already expired — counts per badge, a timeline grouped by
 * customer and vault, and the same items as a list, soonest first. Choosing a marker or a row shows
 * the item's details in the list. Re-read when main says the overview changed.
 */
export function ExpiryView() {
  const { bridge } = useServices();
  const [selected, setSelected] = useState<string | undefined>();

  const read = useCallback(() => unwrap(bridge.expiry.overview()), [bridge]);
  const subscribe = useCallback((changed: () => void) => bridge.on('expiry:changed', changed), [bridge]);
  const { data: overview, failure } = useMainRead<ExpiryOverviewDto>(read, subscribe);

  const choose = (item: ExpiryItemDto, from: 'chart' | 'list') => {
    setSelected((current) => (current === item.key && from === 'list' ? undefined : item.key));
    if (from === 'chart') {
      // The row holds the details: bring it into view and give it focus (keyboard users land on it too).
      requestAnimationFrame(() => {
        const row = document.getElementById(rowId(item.key));
        row?.scrollIntoView?.({ block: 'nearest' });
        row?.focus();
      });
    }
  };

  if (failure && !overview) return <ErrorMessage code={failure.code} message={failure.message} />;
  if (!overview) return <p role="status">Reading expiry dates…</p>;
  const now = overview.generatedAt;
  const covers = overview.kinds.includes('certificate') ? 'secrets and certificates' : 'secrets with an expiry date';
  const groupOf = (item: ExpiryItemDto) => overview.groups.find((g) => g.vaults.some((v) => v.vault === item.vault));

  return (
    <section className="card expiry-overview" aria-labelledby="expiry-title">
      <h2 id="expiry-title">Expiring in the next {overview.horizonDays} days</h2>
      <p className="field-hint">
        Across every vault and tenant JIT Vault can list: {covers}. As of {formatDateTime(now)}.
      </p>
      {failure ? <ErrorMessage code={failure.code} message={failure.message} /> : null}
      <ul className="expiry-counts" aria-label="How many per badge">
        {EXPIRY_BADGES.map((badge) => (
          <li key={badge} className={overview.counts[badge] ? '' : 'none'}>
            <ExpiryBadge badge={badge} /> <strong>{overview.counts[badge]}</strong>
            <span className="visually-hidden"> {BADGE_TEXT[badge].toLowerCase()}</span>
          </li>
        ))}
      </ul>
      {overview.items.length === 0 ? (
        <p>Nothing expires in the next {overview.horizonDays} days, and nothing has expired.</p>
      ) : (
        <>
          <ExpiryTimeline groups={overview.groups} now={now} horizonDays={overview.horizonDays} selected={selected} onSelect={(item) => choose(item, 'chart')} />
          {overview.groups.map((group) => (
            <section key={`${group.customer}|${group.tenantId}`} className="expiry-group" aria-label={group.customer}>
              <h3>
                {group.customer}
                {group.customer !== group.tenantName ? <span className="field-hint"> · {group.tenantName}</span> : null}
              </h3>
              {group.vaults.map((vault) => (
                <div key={vault.vault} className="expiry-vault">
                  <h4>{vault.vaultDisplayName ?? vault.vault}</h4>
                  <ol className="expiry-list" aria-label={`Expiring in ${vault.vaultDisplayName ?? vault.vault}`}>
                    {vault.items.map((item) => (
                      <li key={item.key} className={item.key === selected ? 'selected' : undefined}>
                        <button type="button" id={rowId(item.key)} className="expiry-row" aria-expanded={item.key === selected} onClick={() => choose(item, 'list')}>
                          <span className="expiry-name">{item.name}</span>
                          <span className="expiry-kind">{item.kind === 'certificate' ? 'certificate' : 'secret'}</span>
                          <span className="expiry-when">{expiryInWords(item.expiresOn, now)}</span>
                          <ExpiryBadge badge={item.badge} />
                          {!item.enabled ? <span className="badge">Disabled</span> : null}
                          {item.autoRenew ? <span className="badge badge-open">Auto-renews</span> : null}
                        </button>
                        {item.key === selected ? <ItemDetails item={item} group={groupOf(item)} now={now} /> : null}
                      </li>
                    ))}
                  </ol>
                </div>
              ))}
            </section>
          ))}
        </>
      )}
    </section>
  );
}
