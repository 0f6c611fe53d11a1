import { describe, expect, it } from 'vitest';
import { validateActivation } from '../../../../../main/services/pim/activation-validator.js';
import { durationToMinutes, minutesToDuration } from '../../../../../main/services/pim/iso-duration.js';
import { minutesInWords } from '../../../../../shared/domain/minutes-in-words.js';
import { parsePolicyRules } from '../../../../../main/services/pim/policy-parser.js';
import type { PimPolicy } from '../../../../../main/services/pim/pim.types.js';

describe('ISO 8601 durations', () => {
  it.each([
    ['PT8H', 480],
    ['PT30M', 30],
    ['PT1H30M', 90],
    ['P1D', 1440],
    ['PT90S', 1.5],
  ])('%s is %d minutes', (iso, minutes) => expect(durationToMinutes(iso)).toBe(minutes));

  it.each(['', 'P', 'PT', '8H', 'P1Y', 'PTxH'])('rejects %j', (iso) => expect(durationToMinutes(iso)).toBeUndefined());

  it('formats minutes the way Graph writes them and round-trips', () => {
    expect(minutesToDuration(90)).toBe('PT1H30M');
    expect(minutesToDuration(60)).toBe('PT1H');
    expect(minutesToDuration(5)).toBe('PT5M');
    for (const m of [5, 59, 60, 61, 480]) expect(durationToMinutes(minutesToDuration(m))).toBe(m);
    expect(minutesInWords(90, 'short')).toBe('1 h 30 min');
  });
});

describe('parsePolicyRules', () => {
  const rules = [
    { '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyExpirationRule', id: 'Expiration_EndUser_Assignment', maximumDuration: 'PT1H' },
    { '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyExpirationRule', id: 'Expiration_Admin_Assignment', maximumDuration: 'P365D' },
    { '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyEnablementRule', id: 'Enablement_EndUser_Assignment', enabledRules: ['Justification', 'Ticketing'] },
    { '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyEnablementRule', id: 'Enablement_Admin_Assignment', enabledRules: ['MultiFactorAuthentication'] },
    { '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyApprovalRule', id: 'Approval_EndUser_Assignment', setting: { isApprovalRequired: true } },
    { '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyAuthenticationContextRule', id: 'AuthenticationContext_EndUser_Assignment', isEnabled: true, claimValue: 'c1' },
  ];

  it('reads only the end-user activation rules', () => {
    expect(parsePolicyRules(rules)).toEqual({
      maxDurationMinutes: 60,
      requireJustification: true,
      requireTicket: true,
      requireMfa: false,
      requireApproval: true,
      authenticationContext: 'c1',
    });
  });

  it('falls back to Azure defaults when rules are missing', () => {
    expect(parsePolicyRules([]).maxDurationMinutes).toBe(480);
  });
});

describe('validateActivation', () => {
  const policy: PimPolicy = { maxDurationMinutes: 60, requireJustification: true, requireTicket: true, requireMfa: false, requireApproval: false };
  const base = { accountId: 'a', groupId: 'g', justification: 'Reset the DC01 password for INC-1', durationMinutes: 30, ticketNumber: 'INC-1' };

  it('accepts a request within policy', () => expect(validateActivation(base, policy)).toEqual([]));

  it('lists every problem at once, in plain words', () => {
    const problems = validateActivation({ ...base, justification: '   ', durationMinutes: 120, ticketNumber: '' }, policy);
    expect(problems).toEqual(['a justification is required', 'a ticket number is required', 'the duration may be at most 1 h for this group']);
  });

  it('refuses less than the 5-minute minimum and non-numbers', () => {
    expect(validateActivation({ ...base, durationMinutes: 4 }, policy)).toEqual(['the duration must be at least 5 minutes']);
    expect(validateActivation({ ...base, durationMinutes: Number.NaN }, policy)).toHaveLength(1);
  });

  it('refuses an over-long justification', () => {
    expect(validateActivation({ ...base, justification: 'x'.repeat(501) }, policy)).toEqual(['the justification is longer than 500 characters']);
  });
});
