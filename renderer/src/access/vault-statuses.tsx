import { ErrorMessage } from '../components/error-message.js';
import { useApp } from '../state/services-context.js';
import { formatDateTime } from '../util/format.js';

const ACCESS_TEXT = { standing: 'Always open', unlocked: 'Unlocked', locked: 'Locked' } as const;
const LISTING_TEXT = { idle: '', listing: 'listing…', listed: '', failed: 'listing failed' } as const;

/** Each configured vault: access state, item count, and any failure explained in plain words. */
export function VaultStatuses() {
  const vaults = useApp((s) => s.state?.vaults ?? []);
  return (
    <section className="card" aria-labelledby="vaults-title">
      <h2 id="vaults-title">Vaults</h2>
      <ul className="plain-list">
        {vaults.map((vault) => (
          <li key={vault.name} className="list-item">
            <div className="list-row">
              <span>
                <strong>{vault.displayName ?? vault.name}</strong>
                {vault.customer ? <span className="muted"> · {vault.customer}</span> : null}
              </span>
              <span>
                <span className={`badge ${vault.access === 'locked' ? 'badge-locked' : 'badge-open'}`}>{ACCESS_TEXT[vault.access]}</span>{' '}
                <span className="muted">
                  {vault.itemCount} {vault.itemCount === 1 ? 'secret' : 'secrets'} {LISTING_TEXT[vault.listing]}
                  {vault.namesAsOf !== undefined ? ` · names as of ${formatDateTime(vault.namesAsOf)}` : ''}
                </span>
              </span>
            </div>
            {vault.error ? <ErrorMessage code={vault.error.code} message={vault.error.message} role="status" /> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
