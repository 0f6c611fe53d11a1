/**
 * Minutes in plain words, written once for main (error messages, tray tooltip) and the renderer
 * (policy summary, request form). Two registers of the same rule:
 * - `long`: "45 minutes", "1 hour", "2 hours 30 minutes", "1 day" — sentences the user reads;
 * - `short`: "45 min", "1 h", "2 h 30 min", "24 h" — compact places (tooltips, inline notes).
 * Fractions are rounded to whole minutes.
 */
export function minutesInWords(minutes: number, style: 'long' | 'short' = 'long'): string {
  const whole = Math.round(minutes);
  if (style === 'short') {
    const hours = Math.floor(whole / 60);
    const rest = whole % 60;
    if (!hours) return `${rest} min`;
    return rest ? `${hours} h ${rest} min` : `${hours} h`;
  }
  const days = Math.floor(whole / 1440);
  const hours = Math.floor((whole % 1440) / 60);
  const rest = whole % 60;
  const part = (n: number, unit: string) => (n ? [`${n} ${unit}${n === 1 ? '' : 's'}`] : []);
  const parts = [...part(days, 'day'), ...part(hours, 'hour'), ...part(rest, 'minute')];
  return parts.length ? parts.join(' ') : '0 minutes';
}
