import { useCallback, useEffect, useRef, useState } from 'react';
import { toBridgeError, type BridgeError } from '../bridge.js';

/**
 * Data a view reads from main when it mounts and again whenever main says it changed: the last
 * answer (kept when a later read fails, so the view keeps showing it beside the error), the last
 * failure, and whether a read is under way. Reads overlap (mount, main's change event, a Refresh
 * button): only the newest one is shown, so a slow older answer never puts back what a newer one
 * removed. `read` and `subscribe` must be stable (useCallback), or every render re-reads.
 */
export function useMainRead<T>(
  read: () => Promise<T>,
  subscribe: (onChange: () => void) => () => void,
): { data: T | null; failure: BridgeError | null; loading: boolean; reload: () => Promise<void> } {
  const [data, setData] = useState<T | null>(null);
  const [failure, setFailure] = useState<BridgeError | null>(null);
  const [reading, setReading] = useState(0);
  const latest = useRef(0);
  const reload = useCallback(async () => {
    const mine = ++latest.current;
    setReading((n) => n + 1);
    try {
      const next = await read();
      if (mine !== latest.current) return;
      setData(next);
      setFailure(null);
    } catch (error) {
      if (mine === latest.current) setFailure(toBridgeError(error));
    } finally {
      setReading((n) => n - 1);
    }
  }, [read]);
  useEffect(() => {
    void reload();
    return subscribe(() => void reload());
  }, [reload, subscribe]);
  return { data, failure, loading: reading > 0, reload };
}
