import { useEffect, useState } from 'react';

/**
 * The current time, re-rendering every `intervalMs` while `active`. Returns the time of the render
 * (not of the last tick), so a countdown re-anchored by an event is right immediately. Countdowns
 * use it; tests drive it with vitest's fake timers (which also fake Date.now).
 */
export function useNow(active: boolean, intervalMs = 1000): number {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setTick((tick) => tick + 1), intervalMs);
    return () => clearInterval(timer);
  }, [active, intervalMs]);
  return Date.now();
}
