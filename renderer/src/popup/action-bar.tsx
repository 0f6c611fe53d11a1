import type { CatalogItemDto } from '../../../shared/domain/types.js';

export interface ActionBarProps {
  item: CatalogItemDto | undefined;
  canReveal: boolean;
  busy: boolean;
  onCopy(): void;
  onReveal(): void;
  onRequest(): void;
  onFavourite(): void;
}

/**
 * Buttons for the selected result (mouse and screen-reader users; the keyboard shortcuts do the
 * same from the search box). A locked item offers "Request access" instead of copy/reveal.
 */
export function ActionBar({ item, canReveal, busy, onCopy, onReveal, onRequest, onFavourite }: ActionBarProps) {
  if (!item) return null;
  return (
    <div className="action-bar" role="group" aria-label={`Actions for ${item.name}`}>
      {item.locked ? (
        <button type="button" className="primary" onClick={onRequest}>
          Request access
        </button>
      ) : (
        <>
          <button type="button" className="primary" disabled={busy} onClick={onCopy}>
            Copy
          </button>
          {canReveal ? (
            <button type="button" disabled={busy} onClick={onReveal}>
              Reveal
            </button>
          ) : null}
        </>
      )}
      <button type="button" aria-pressed={item.favourite} onClick={onFavourite}>
        {item.favourite ? 'Unfavourite' : 'Favourite'}
      </button>
    </div>
  );
}
