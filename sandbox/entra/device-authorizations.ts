import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { ClaimsRequest } from './claims-request.js';
import type { TenantSegment } from './directory.js';
import { ExpiringMap } from './expiring-map.js';
import type { Authentication } from './token-issuer.js';

/**
 * Device authorization grants (RFC 8628 as Entra runs it): a long device code the client polls
 * with and a short user code the person types on the verification page. Expired grants are kept
 * an hour longer so polling reports expired_token rather than an unknown code.
 */

export interface DeviceAuthorization {
  /** SHA-256 of the device code (the code itself is only in the client's hands). */
  key: string;
  userCode: string;
  expiresAt: number;
  segment: TenantSegment;
  clientId: string;
  scope: string;
  claims: ClaimsRequest;
  status: 'pending' | 'approved' | 'declined' | 'redeemed';
  auth?: Authentication;
}

/** Entra's defaults: 15 minutes to sign in, poll every 5 seconds. */
export const DEVICE_CODE_LIFETIME_SECONDS = 900;
export const DEVICE_CODE_INTERVAL_SECONDS = 5;

const USER_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const USER_CODE_LENGTH = 9;

export class DeviceAuthorizations {
  private readonly grants: ExpiringMap<DeviceAuthorization>;

  constructor(private readonly now: () => number) {
    this.grants = new ExpiringMap(now, 10_000, 60 * 60 * 1000);
  }

  /** Starts a device authorization; returns the device code (to the client) and the record. */
  create(init: Omit<DeviceAuthorization, 'key' | 'userCode' | 'expiresAt' | 'status'>): { deviceCode: string; grant: DeviceAuthorization } {
    const deviceCode = `DAQABIQEAAAB${randomBytes(96).toString('base64url')}`;
    let userCode = newUserCode();
    while (this.byUserCode(userCode)) userCode = newUserCode();
    const grant: DeviceAuthorization = {
      ...init,
      key: hash(deviceCode),
      userCode,
      expiresAt: this.now() + DEVICE_CODE_LIFETIME_SECONDS * 1000,
      status: 'pending',
    };
    this.grants.set(grant.key, grant);
    return { deviceCode, grant };
  }

  byDeviceCode(deviceCode: string): DeviceAuthorization | undefined {
    return deviceCode.length <= 4096 ? this.grants.get(hash(deviceCode)) : undefined;
  }

  byKey(key: string): DeviceAuthorization | undefined {
    return this.grants.get(key);
  }

  /** Finds a grant by the code a person typed (case, spaces and dashes ignored). */
  byUserCode(typed: string): DeviceAuthorization | undefined {
    const normalized = typed.toUpperCase().replace(/[\s-]/g, '');
    if (normalized.length !== USER_CODE_LENGTH) return undefined;
    return this.grants.find((g) => g.userCode === normalized);
  }
}

function newUserCode(): string {
  let code = '';
  for (let i = 0; i < USER_CODE_LENGTH; i++) code += USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)];
  return code;
}

function hash(code: string): string {
  return createHash('sha256').update(code, 'utf8').digest('hex');
}
