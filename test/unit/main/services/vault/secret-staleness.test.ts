import { describe, expect, it } from 'vitest';
import { stalenessOf } from '../../../../../main/services/vault/secret-staleness.js';

const DAY = 86_400_000;
const now = Date.UTC(2025, 0, 6);

describe('stalenessOf', () => {
  it('flags a secret without expiry', () => {
    expect(stalenessOf({ updatedOn: now - DAY }, now)).toEqual(['no-expiry']);
  });

  it('flags expiring within N days, and expired, exclusively', () => {
    expect(stalenessOf({ expiresOn: now + 14 * DAY, updatedOn: now }, now)).toEqual(['expiring-soon']);
    expect(stalenessOf({ expiresOn: now + 15 * DAY, updatedOn: now }, now)).toEqual([]);
    expect(stalenessOf({ expiresOn: now, updatedOn: now }, now)).toEqual(['expired']);
    expect(stalenessOf({ expiresOn: now + 20 * DAY }, now, { expiringWithinDays: 30, notUpdatedDays: 90 })).toEqual(['expiring-soon']);
  });

  it('flags not updated in N days, and says nothing without an update date', () => {
    expect(stalenessOf({ expiresOn: now + 90 * DAY, updatedOn: now - 181 * DAY }, now)).toEqual(['not-updated']);
    expect(stalenessOf({ expiresOn: now + 90 * DAY, updatedOn: now - 180 * DAY }, now)).toEqual([]);
    expect(stalenessOf({ updatedOn: now - 400 * DAY }, now)).toEqual(['no-expiry', 'not-updated']);
    expect(stalenessOf({ expiresOn: now + 90 * DAY }, now)).toEqual([]);
  });
});
