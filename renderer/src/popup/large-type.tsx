/** Character classes for large type colouring: digits, letters and symbols look different. */
function charClass(char: string): string {
  if (/[0-9]/.test(char)) return 'lt-digit';
  if (/[A-Za-z]/.test(char)) return 'lt-letter';
  return 'lt-symbol';
}

/**
 * 1Password-style large type: each character big, numbered, coloured by kind, so it can be read out
 * or typed on another machine. A visual aid only: the value is already in the labelled field, so this
 * copy is hidden from screen readers.
 */
export function LargeType({ value }: { value: string }) {
  return (
    <div className="large-type" aria-hidden="true">
      {Array.from(value).map((char, index) => (
        <span key={index} className={`lt-cell ${charClass(char)}`}>
          <span className="lt-char">{char === ' ' ? '␣' : char}</span>
          <span className="lt-index">{index + 1}</span>
        </span>
      ))}
    </div>
  );
}
