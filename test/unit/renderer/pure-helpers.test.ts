import { describe, expect, it } from 'vitest';
import { failureCode, isCancellable, isEnded, stepIndex } from '../../../renderer/src/state/activation-phases.js';
import { defaultDuration, validateRequest } from '../../../renderer/src/state/request-validation.js';
import { formatCountdown } from '../../../renderer/src/util/format.js';
import { minutesInWords } from '../../../shared/domain/minutes-in-words.js';
import { parseViewMode } from '../../../renderer/src/view-mode.js';

const policy = { maxDurationMinutes: 480, requireJustification: true, requireTicket: false, requireMfa: false, requireApproval: false };

describe('request validation mirrors main’s rules', () => {
  it('accepts a valid request', () => {
    expect(validateRequest({ justification: 'Ticket 4', durationMinutes: 60, ticketNumber: '' }, policy)).toEqual({});
  });
  it('requires a justification only when the policy does', () => {
    expect(validateRequest({ justification: '   ', durationMinutes: 60, ticketNumber: '' }, policy).justification).toMatch(/required/);
    expect(validateRequest({ justification: '', durationMinutes: 60, ticketNumber: '' }, { ...policy, requireJustification: false })).toEqual({});
  });
  it('limits the justification to 500 characters', () => {
    expect(validateRequest({ justification: 'x'.repeat(501), durationMinutes: 60, ticketNumber: '' }, policy).justification).toMatch(/at most 500/);
  });
  it('requires a ticket when the policy does', () => {
    expect(validateRequest({ justification: 'a', durationMinutes: 60, ticketNumber: ' ' }, { ...policy, requireTicket: true }).ticketNumber).toMatch(/ticket/);
  });
  it('keeps the duration between 5 minutes and the policy maximum, whole minutes', () => {
    const check = (durationMinutes: number) => validateRequest({ justification: 'a', durationMinutes, ticketNumber: '' }, policy).durationMinutes;
    expect(check(4)).toMatch(/at least 5/);
    expect(check(5)).toBeUndefined();
    expect(check(480)).toBeUndefined();
    expect(check(481)).toMatch(/at most 8 hours/);
    expect(check(Number.NaN)).toMatch(/whole number/);
    expect(check(30.5)).toMatch(/whole number/);
  });
  it('defaults to an hour, or the maximum when shorter', () => {
    expect(defaultDuration(policy)).toBe(60);
    expect(defaultDuration({ ...policy, maxDurationMinutes: 30 })).toBe(30);
  });
});

describe('activation phases', () => {
  it('maps Graph phases to the five progress steps', () => {
    expect(['Submitted', 'PendingApproval', 'Granted', 'PendingProvisioning', 'Provisioned', 'Propagating', 'Ready'].map((p) => stepIndex(p as never))).toEqual([0, 1, 2, 2, 3, 3, 4]);
    expect(stepIndex('Denied')).toBe(-1);
  });
  it('knows which phases end a request and which can still be cancelled', () => {
    expect(isEnded('Ready')).toBe(true);
    expect(isEnded('TimedOut')).toBe(true);
    expect(isEnded('Propagating')).toBe(false);
    expect(isCancellable('PendingApproval')).toBe(true);
    expect(isCancellable('Propagating')).toBe(false);
  });
  it('explains failures with the event’s code or a phase default', () => {
    expect(failureCode('Denied')).toBe('pim-denied');
    expect(failureCode('TimedOut')).toBe('pim-timeout');
    expect(failureCode('Failed', 'pim-mfa-required')).toBe('pim-mfa-required');
  });
});

describe('formatting and view mode', () => {
  it('formats countdowns and durations', () => {
    expect(formatCountdown(0)).toBe('0:00');
    expect(formatCountdown(-5)).toBe('0:00');
    expect(formatCountdown(29_001)).toBe('0:30');
    expect(formatCountdown(3_723_000)).toBe('1:02:03');
    expect(minutesInWords(90)).toBe('1 hour 30 minutes');
    expect(minutesInWords(1440)).toBe('1 day');
  });
  it('reads the view and tab from the query or the hash', () => {
    expect(parseViewMode({ search: '?view=popup', hash: '' })).toEqual({ view: 'popup', tab: 'access' });
    expect(parseViewMode({ search: '', hash: '#view=popup' }).view).toBe('popup');
    expect(parseViewMode({ search: '', hash: '#tab=settings' })).toEqual({ view: 'main', tab: 'settings' });
    expect(parseViewMode({ search: '?tab=evil', hash: '' }).tab).toBe('access');
  });
});
