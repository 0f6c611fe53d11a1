/**
 * ISO 8601 durations as Graph uses them for PIM (`PT8H`, `PT30M`, `P1D`, `PT1H30M`).
 * Only day/hour/minute/second parts: PIM never uses years or months.
 */
const PATTERN = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Parses a duration into minutes; undefined when it is not a day/time duration. */
export function durationToMinutes(duration: string): number | undefined {
  const m = PATTERN.exec(duration.trim());
  if (!m || duration === 'P' || duration.endsWith('T')) return undefined;
  const [, d, h, min, s] = m;
  return Number(d ?? 0) * 1440 + Number(h ?? 0) * 60 + Number(min ?? 0) + Number(s ?? 0) / 60;
}

/** Formats whole minutes as Graph expects (`PT1H30M`, `PT45M`, `PT8H`). */
export function minutesToDuration(minutes: number): string {
  const whole = Math.max(0, Math.round(minutes));
  const hours = Math.floor(whole / 60);
  const rest = whole % 60;
  return `PT${hours ? `${hours}H` : ''}${rest || !hours ? `${rest}M` : ''}`;
}
