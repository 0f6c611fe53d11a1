import type { CatalogItemDto } from '../../../shared/domain/types.js';
import { isCertificateItem } from '../state/certificate-lookup.js';

export interface ActionBarProps {
  item: CatalogItemDto | undefined;
  canReveal: boolean;
  /**
   * Whether "Request access" can work for a locked item: the user is eligible for its vault's
   * group (or the groups are still loading). False for an auditor: no button that cannot work.
   */
  canRequest: boolean;
  busy: boolean;
  /** Copy (a secret) — or open (a certificate): the row's Enter action. */
  onCopy(): void;
  onReveal(): void;
  onRequest(): void;
  onFavourite(): void;
  onCopyUsername(): void;
  onOpenLink(target: 'url' | 'connect'): void;
}

/**
 * Buttons for the selected result (mouse and screen-reader users; the keyboard shortcuts do the
 * same from the search box). A locked item offers "Request access" instead of copy/reveal — or,
 * for someone who cannot request it, says so. Username, URL and Connect are metadata: offered
 * whether or not the item is locked.
 */
export function ActionBar({ item, canReveal, canRequest, busy, onCopy, onReveal, onRequest, onFavourite, onCopyUsername, onOpenLink }: ActionBarProps) {
  if (!item) return null;
  if (isCertificateItem(item)) {
    // A certificate has no value to copy here: open it (details, public saves); favourites are for secrets.
    return (
      <div className="action-bar" role="group" aria-label={`Actions for ${item.name}`}>
        <button type="button" className="primary" onClick={onCopy}>
          Open certificate
        </button>
      </div>
    );
  }
  const fields = item.fields ?? {};
  const totp = fields.totp === true;
  return (
    <div className="action-bar" role="group" aria-label={`Actions for ${item.name}`}>
      {item.enabled === false ? (
        // Nothing to copy, reveal or request: Key Vault refuses a disabled secret's value to everyone.
        <span className="muted read-only-note">Disabled in Key Vault: its value cannot be read. Ask the vault owner to enable it.</span>
      ) : item.locked ? (
        canRequest ? (
          <button type="button" className="primary" onClick={onRequest}>
            Request access
          </button>
        ) : (
          <span className="muted read-only-note">Read-only: you can browse this item, not request its value.</span>
        )
      ) : (
        <>
          <button type="button" className="primary" disabled={busy} onClick={onCopy}>
            {totp ? 'Copy code' : 'Copy'}
          </button>
          {canReveal ? (
            <button type="button" disabled={busy} onClick={onReveal}>
              {totp ? 'Show code' : 'Reveal'}
            </button>
          ) : null}
        </>
      )}
      {fields.username ? (
        <button type="button" disabled={busy} onClick={onCopyUsername}>
          Copy username
        </button>
      ) : null}
      {fields.url ? (
        <button type="button" onClick={() => onOpenLink('url')}>
          Open URL
        </button>
      ) : null}
      {fields.connect ? (
        <button type="button" onClick={() => onOpenLink('connect')} title={`Open an ${fields.connect.toUpperCase()} session to ${fields.host ?? ''} (the password is never passed on)`}>
          Connect ({fields.connect.toUpperCase()})
        </button>
      ) : null}
      <button type="button" aria-pressed={item.favourite} onClick={onFavourite}>
        {item.favourite ? 'Unfavourite' : 'Favourite'}
      </button>
    </div>
  );
}
