import { useCallback, useRef, useState } from 'react';
import { toBridgeError, type BridgeError } from '../bridge.js';

/**
 * The one-line outcome of the certificate actions a view offers: `run(label, task)` says "label…",
 * then the task's own sentence, or keeps its failure (code + main's words) for an ErrorMessage.
 * One task at a time: `run` ignores a second call while one runs (a double click would otherwise
 * send renew, delete or recover to Key Vault twice); `busy` lets the buttons show it.
 */
export function useActionStatus(): {
  status: string;
  failure: BridgeError | null;
  busy: boolean;
  run(label: string, task: () => Promise<string>): Promise<void>;
  /** Shows a failure found before anything was asked of main (a form check). */
  fail(error: unknown): void;
  /** Forgets the last outcome (a panel was switched). */
  clear(): void;
} {
  const [status, setStatus] = useState('');
  const [failure, setFailure] = useState<BridgeError | null>(null);
  const [busy, setBusy] = useState(false);
  const running = useRef(false);
  const run = useCallback(async (label: string, task: () => Promise<string>) => {
    if (running.current) return;
    running.current = true;
    setFailure(null);
    setBusy(true);
    setStatus(`${label}…`);
    try {
      setStatus(await task());
    } catch (error) {
      setStatus('');
      setFailure(toBridgeError(error));
    } finally {
      running.current = false;
      setBusy(false);
    }
  }, []);
  const fail = useCallback((error: unknown) => setFailure(toBridgeError(error)), []);
  const clear = useCallback(() => {
    setStatus('');
    setFailure(null);
  }, []);
  return { status, failure, busy, run, fail, clear };
}
