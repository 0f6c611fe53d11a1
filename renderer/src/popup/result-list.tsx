import { useCallback } from 'react';
import type { KeyboardEvent } from 'react';
import { VirtualList } from '../components/virtual-list.js';
import { useRootFontSize } from '../hooks/use-root-font-size.js';
import { useApp, useSearch, useServices } from '../state/services-context.js';
import { formatTime } from '../util/format.js';
import { CustomerFilter } from './customer-filter.js';
import { ResultRow } from './result-row.js';

export const RESULTS_ID = 'search-results';
/** One formatter for the count line: `Number#toLocaleString` builds a new one per call (~0.2 ms in Chromium, every keystroke). */
const COUNT_FORMAT = new Intl.NumberFormat();
/** Each row is 3.75rem tall (two lines of text plus padding), in px at the current root font size. */
const ROW_REM = 3.75;

/** The option id of result `index` (the combobox's aria-activedescendant). */
export function resultOptionId(index: number): string {
  return `${RESULTS_ID}-${index}`;
}

/** The quick lookup's results: the virtualised listbox over the search store's paged rows. */
export function ResultList({ onChoose, onKeyDown }: { onChoose(index: number): void; onKeyDown(event: KeyboardEvent<HTMLElement>): void }) {
  const { search, bridge } = useServices();
  const total = useSearch((s) => s.total);
  const rows = useSearch((s) => s.rows);
  const activeIndex = useSearch((s) => s.activeIndex);
  const status = useSearch((s) => s.status);
  const query = useSearch((s) => s.query);
  const shownQuery = useSearch((s) => s.shownQuery);
  const customer = useSearch((s) => s.customer);
  // Names from an earlier listing (the encrypted catalog cache at start) until the refresh replaces them: say how old they are.
  const cachedAt = useApp((s) =>
    s.state?.vaults.reduce<number | undefined>((oldest, v) => (v.namesAsOf !== undefined && (v.listing === 'idle' || v.listing === 'listing') && (oldest === undefined || v.namesAsOf < oldest) ? v.namesAsOf : oldest), undefined),
  );
  // Right after a warm start only the cache's first screen is here; the vault cards already count the whole cached catalog.
  const cachedTotal = useApp((s) => s.state?.vaults.reduce((sum, v) => sum + v.itemCount, 0) ?? 0);
  const count = cachedAt !== undefined && !query && customer === null ? Math.max(total, cachedTotal) : total;
  const rowHeight = Math.round(useRootFontSize() * ROW_REM);
  const onRangeChange = useCallback((start: number, end: number) => search.getState().showRange(start, end), [search]);

  return (
    <>
      <div className="result-head">
        {/* data-results-for: which query the rows answer (tests and the UI benchmark wait on it). */}
        <p className="result-count" role="status" data-results-for={shownQuery}>
          {status === 'loading' && total === 0 ? 'Searching…' : total === 0 ? (query ? `No secrets match “${query}”.` : 'No secrets known yet.') : `${COUNT_FORMAT.format(count)} ${count === 1 ? 'secret' : 'secrets'}`}
        </p>
        <CustomerFilter />
      </div>
      {cachedAt !== undefined && total > 0 ? <p className="cache-note">Names as of {formatTime(cachedAt)} — refreshing…</p> : null}
      {total === 0 && !query && status === 'ready' ? (
        <div className="empty-hint">
          <p>JIT Vault learns a vault's secret names the first time you have access to it. Request access to a group in the access window to start.</p>
          <button type="button" onClick={() => void bridge.window.openMain({ tab: 'access' })}>
            Open the access window
          </button>
        </div>
      ) : null}
      <VirtualList
        id={RESULTS_ID}
        label="Secrets"
        count={total}
        rowHeight={rowHeight}
        activeIndex={activeIndex}
        optionId={resultOptionId}
        renderRow={(index) => {
          const hit = rows[index];
          return hit ? <ResultRow hit={hit} /> : null;
        }}
        onRangeChange={onRangeChange}
        onSelect={(index) => search.getState().setActive(index)}
        onChoose={onChoose}
        onKeyDown={onKeyDown}
      />
    </>
  );
}
