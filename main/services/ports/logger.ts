/**
 * Diagnostic log. Callers pass names, codes and counts only — never a token or a secret value
 * (a leak test scans the log file for planted canaries).
 */
export interface Logger {
  info(message: string, fields?: Record<string, string | number | boolean | undefined>): void;
  warn(message: string, fields?: Record<string, string | number | boolean | undefined>): void;
  error(message: string, fields?: Record<string, string | number | boolean | undefined>): void;
}
