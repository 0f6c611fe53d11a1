import { errorText } from '../errors/error-text.js';

export interface ErrorMessageProps {
  code: string;
  /** Main's own message (plain language, never a secret): shown as the detail. */
  message?: string | undefined;
  onDismiss?: (() => void) | undefined;
  /** 'alert' interrupts the screen reader; 'status' waits its turn. */
  role?: 'alert' | 'status';
  /** A headline for this context instead of the code's generic one; main's message then stands alone (it says what and why). */
  title?: string | undefined;
}

/** A failure explained in plain words: headline and next step from the error map, main's detail below. */
export function ErrorMessage({ code, message, onDismiss, role = 'alert', title }: ErrorMessageProps) {
  const generic = errorText(code);
  const text = title && message ? { ...generic, title, detailReplacesText: true as const } : generic;
  return (
    <div className="error-message" role={role} data-code={code}>
      <p className="error-title">{text.title}</p>
      {message && text.detailReplacesText ? (
        <p className="error-detail">{message}</p>
      ) : (
        <>
          <p>{text.text}</p>
          {message && message !== text.text ? <p className="error-detail">{message}</p> : null}
        </>
      )}
      {onDismiss ? (
        <button type="button" className="link-button" onClick={onDismiss}>
          Dismiss
        </button>
      ) : null}
    </div>
  );
}
