import { describe, expect, it } from 'vitest';
import { formatIsoDuration, parseIsoDuration } from '../../sandbox/pim/duration.js';
import { acrsValidationFailed, activeDurationTooShort, claimsFromAcrsMessage, policyValidationFailed } from '../../sandbox/pim/pim-errors.js';
import { matchesFilter, page, parseExpand, parseFilter, parseODataQuery } from '../../sandbox/graph/odata.js';
import { parseScheduleRequestBody } from '../../sandbox/pim/schedule-request-body.js';

describe('PIM domain pieces (pure functions)', () => {
  it('parses and formats ISO 8601 durations as Graph writes them', () => {
    expect(parseIsoDuration('PT8H')).toBe(8 * 3600_000);
    expect(parseIsoDuration('PT1H30M')).toBe(5400_000);
    expect(parseIsoDuration('P1DT2H')).toBe(26 * 3600_000);
    expect(parseIsoDuration('P365D')).toBe(365 * 86_400_000);
    expect(parseIsoDuration('pt5m')).toBe(300_000);
    for (const bad of ['P', 'PT', '8H', 'P1M', 'PT-1H', 'two hours', 'P1DT']) expect(parseIsoDuration(bad)).toBeUndefined();
    expect(formatIsoDuration(5400_000)).toBe('PT1H30M');
    expect(formatIsoDuration(26 * 3600_000)).toBe('P1DT2H');
    expect(formatIsoDuration(0)).toBe('PT0S');
  });

  it('lists failed policy rules in PIM\'s order and keeps the real messages', () => {
    expect(policyValidationFailed(['TicketingRule', 'ExpirationRule', 'EligibilityRule']).message).toBe('The following policy rules failed: ["EligibilityRule","ExpirationRule","TicketingRule"]');
    expect(activeDurationTooShort(300).message).toBe('The Active duration is too short. Miniumum Required is 5 minutes.');
    const acrs = acrsValidationFailed('c2');
    expect(acrs.message).toBe('&claims=%7B%22access_token%22%3A%7B%22acrs%22%3A%7B%22essential%22%3Atrue%2C%20%22value%22%3A%22c2%22%7D%7D%7D');
    expect(claimsFromAcrsMessage(acrs.message)).toBe('{"access_token":{"acrs":{"essential":true, "value":"c2"}}}');
  });

  it('parses $filter eq/ne terms joined by and; refuses or and functions', () => {
    expect(parseFilter("groupId eq 'a' and principalId eq 'b''c'")).toEqual([
      { property: 'groupId', op: 'eq', value: 'a' },
      { property: 'principalId', op: 'eq', value: "b'c" },
    ]);
    expect(parseFilter("(status ne 'Revoked') AND isValidationOnly eq false")).toEqual([
      { property: 'status', op: 'ne', value: 'Revoked' },
      { property: 'isValidationOnly', op: 'eq', value: false },
    ]);
    expect(() => parseFilter("groupId eq 'a' or groupId eq 'b'")).toThrow(/Invalid filter clause/);
    expect(() => parseFilter("startswith(groupId,'a')")).toThrow(/Invalid filter clause/);
    const row = { groupId: 'ABC', createdBy: { user: { id: 'u1' } } };
    expect(matchesFilter(row, parseFilter("GroupId eq 'abc' and createdBy/user/id eq 'u1'"))).toBe(true);
    expect(matchesFilter(row, parseFilter("groupId ne 'abc'"))).toBe(false);
  });

  it('parses nested $expand options', () => {
    expect(parseExpand('policy($expand=rules),group($select=id,displayName)')).toEqual([
      { name: 'policy', expand: [{ name: 'rules', expand: [] }] },
      { name: 'group', select: ['id', 'displayName'], expand: [] },
    ]);
  });

  it('pages with an absolute nextLink that keeps the other options and decodes back', () => {
    const url = new URL("https://localhost:9/v1.0/x/filterByCurrentUser(on='principal')?$top=2&$filter=groupId eq 'g'");
    const items = [1, 2, 3, 4, 5];
    const first = page(items, parseODataQuery(url), url);
    expect(first.value).toEqual([1, 2]);
    const next = new URL(first.nextLink!);
    expect(next.origin + next.pathname).toBe("https://localhost:9/v1.0/x/filterByCurrentUser(on='principal')");
    expect(next.searchParams.get('$filter')).toBe("groupId eq 'g'");
    const second = page(items, parseODataQuery(next), next);
    expect(second.value).toEqual([3, 4]);
    const third = page(items, parseODataQuery(new URL(second.nextLink!)), new URL(second.nextLink!));
    expect(third).toEqual({ value: [5] });
  });

  it('validates request bodies: enums case-insensitively, required fields, durations', () => {
    const body = parseScheduleRequestBody({
      accessId: 'Member',
      principalId: 'p',
      groupId: 'g',
      action: 'SelfActivate',
      scheduleInfo: { startDateTime: '2030-01-01T00:00:00Z', expiration: { type: 'AfterDuration', duration: 'PT2H' } },
    });
    expect(body).toMatchObject({ accessId: 'member', action: 'selfActivate', durationMs: 7200_000, expiration: { type: 'afterDuration', duration: 'PT2H', endDateTime: null } });
    expect(() => parseScheduleRequestBody({ accessId: 'member', principalId: 'p', action: 'selfActivate' })).toThrow("The property 'groupId' is required.");
    expect(() => parseScheduleRequestBody([1, 2])).toThrow();
    expect(() => parseScheduleRequestBody({ accessId: 'member', principalId: 'p', groupId: 'g', action: 'selfActivate', scheduleInfo: { expiration: { type: 'afterDuration' } } })).toThrow(/duration/);
  });
});
