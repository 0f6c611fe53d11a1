/** The keyboard shortcuts, always visible at the bottom of the popup. */
export function KeyHints({ canReveal, mac }: { canReveal: boolean; mac: boolean }) {
  const mod = mac ? '⌘' : 'Ctrl';
  return (
    <ul className="key-hints" aria-label="Keyboard shortcuts">
      <li>
        <kbd>↑</kbd>
        <kbd>↓</kbd> select
      </li>
      <li>
        <kbd>Enter</kbd> copy
      </li>
      {canReveal ? (
        <li>
          <kbd>Shift</kbd>+<kbd>Enter</kbd> or <kbd>{mod}</kbd>+<kbd>Enter</kbd> reveal
        </li>
      ) : null}
      <li>
        <kbd>{mod}</kbd>+<kbd>D</kbd> favourite
      </li>
      <li>
        <kbd>Esc</kbd> clear / close
      </li>
    </ul>
  );
}
