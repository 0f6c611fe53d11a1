import { TOTP, URI } from 'otpauth';
import { AppError } from '../errors.js';

/** A current TOTP code: the code, when it stops being valid, and its period (for the countdown). */
export interface TotpCode {
  code: string;
  /** Epoch ms when the next code starts. */
  validUntil: number;
  periodSeconds: number;
}

/**
 * The RFC 6238 code of an `otpauth://totp/…` URI at `now`, computed by the otpauth library (not
 * hand-written HOTP). The URI holds the seed: it is parsed here, in main, and dropped; only the
 * short-lived code leaves. Anything that is not a TOTP URI is a clear error, never echoed back.
 */
export function totpCode(value: string, now: number, secretName: string): TotpCode {
  let otp;
  try {
    otp = URI.parse(value.trim());
  } catch {
    throw new AppError('item-unsupported', `"${secretName}" is marked as a TOTP secret, but its value is not an otpauth:// URI. Ask the vault owner to store the otpauth:// link from the enrolment QR code.`);
  }
  if (!(otp instanceof TOTP)) {
    throw new AppError('item-unsupported', `"${secretName}" holds a counter-based (HOTP) otpauth:// URI; JIT Vault shows time-based (TOTP) codes only.`);
  }
  const periodMs = otp.period * 1000;
  return { code: otp.generate({ timestamp: now }), validUntil: (Math.floor(now / periodMs) + 1) * periodMs, periodSeconds: otp.period };
}
