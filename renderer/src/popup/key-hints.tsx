/**
 * What Enter does on the selected item: copy it, ask for access to its vault, or nothing (a
 * read-only item for an auditor, a disabled secret, no match selected) — the hints never promise what cannot happen.
 */
export type EnterAction = 'copy' | 'request' | 'open' | 'none';

/** The item's Enter action (see EnterAction); a certificate opens (its details and public saves). */
export function enterActionFor(item: { locked: boolean; enabled?: boolean; kind?: string } | undefined, canRequest: boolean): EnterAction {
  if (item?.kind === 'certificate') return 'open';
  if (!item || item.enabled === false) return 'none'; // nothing selected (no match), or a disabled secret
  if (item.locked) return canRequest ? 'request' : 'none';
  return 'copy';
}

/** The keyboard shortcuts, always visible at the bottom of the popup, for the selected item. */
export function KeyHints({ canReveal, enter, mac }: { canReveal: boolean; enter: EnterAction; mac: boolean }) {
  const mod = mac ? '⌘' : 'Ctrl';
  return (
    <ul className="key-hints" aria-label="Keyboard shortcuts">
      <li>
        <kbd>↑</kbd>
        <kbd>↓</kbd> select
      </li>
      {enter === 'none' ? null : (
        <li>
          <kbd>Enter</kbd> {enter === 'request' ? 'request access' : enter === 'open' ? 'open certificate' : 'copy'}
        </li>
      )}
      {canReveal && enter === 'copy' ? (
        <li>
          <kbd>Shift</kbd>+<kbd>Enter</kbd> or <kbd>{mod}</kbd>+<kbd>Enter</kbd> reveal
        </li>
      ) : null}
      {enter === 'open' ? null : (
        <li>
          <kbd>{mod}</kbd>+<kbd>D</kbd> favourite
        </li>
      )}
      <li>
        <kbd>Esc</kbd> clear / close
      </li>
    </ul>
  );
}
