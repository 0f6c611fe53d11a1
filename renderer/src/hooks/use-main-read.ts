import { useCallback, useEffect, useState } from 'react';
import { toBridgeError, type BridgeError } from '../bridge.js';

/**
 * Data a view reads from main when it mounts and again whenever main says it changed: the last
 * answer (kept when a later read fails, so the view keeps showing it beside the error) and the
 * last failure. `read` and `subscribe` must be stable (useCallback), or every render re-reads.
 */
export function useMainRead<T>(
  read: () => Promise<T>,
  subscribe: (onChange: () => void) => () => void,
): { data: T | null; failure: BridgeError | null; reload: () => Promise<void> } {
  const [data, setData] = useState<T | null>(null);
  const [failure, setFailure] = useState<BridgeError | null>(null);
  const reload = useCallback(async () => {
    try {
      setData(await read());
      setFailure(null);
    } catch (error) {
      setFailure(toBridgeError(error));
    }
  }, [read]);
  useEffect(() => {
    void reload();
    return subscribe(() => void reload());
  }, [reload, subscribe]);
  return { data, failure, reload };
}
