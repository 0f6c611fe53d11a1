import { describe, expect, it } from 'vitest';
import { GraphError } from '@microsoft/microsoft-graph-client';
import { PimPolicyError } from '../../../../../main/services/errors.js';
import { mapGraphError, PimStepUpRequiredError } from '../../../../../main/services/pim/graph-error-mapper.js';

function graphError(status: number, code: string, message: string): GraphError {
  const error = new GraphError(status, message);
  error.code = code;
  return error;
}

describe('mapGraphError', () => {
  it('turns a policy validation failure into the broken rules in plain words', () => {
    const mapped = mapGraphError(graphError(400, 'RoleAssignmentRequestPolicyValidationFailed', 'The following policy rules failed: ["ExpirationRule","TicketingRule"]'), 'activate');
    expect(mapped).toBeInstanceOf(PimPolicyError);
    expect((mapped as PimPolicyError).rules).toEqual(['the requested duration is longer than the policy allows', 'a ticket number is required']);
  });

  it('recognises MFA and authentication-context step-up, keeping the claims challenge', () => {
    expect(mapGraphError(graphError(400, 'RoleAssignmentRequestPolicyValidationFailed', 'The following policy rules failed: ["MfaRule"]'), 'x').code).toBe('pim-mfa-required');
    const claims = '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}';
    const mapped = mapGraphError(graphError(400, 'RoleAssignmentRequestAcrsValidationFailed', `The policy requires &claims=${encodeURIComponent(claims)}`), 'x');
    expect(mapped).toBeInstanceOf(PimStepUpRequiredError);
    expect((mapped as PimStepUpRequiredError).claims).toBe(claims);
  });

  it.each([
    ['ActiveDurationTooShort', 'pim-too-short'],
    ['RoleAssignmentExists', 'pim-already-active'],
  ])('%s → %s', (code, expected) => expect(mapGraphError(graphError(400, code, 'x'), 'x').code).toBe(expected));

  it('maps 401, 403, throttling and network failures', () => {
    expect(mapGraphError(graphError(401, 'InvalidAuthenticationToken', 'x'), 'x').code).toBe('interaction-required');
    expect(mapGraphError(graphError(403, 'Forbidden', 'x'), 'x').code).toBe('pim-not-eligible');
    expect(mapGraphError(graphError(429, 'TooManyRequests', 'x'), 'x').code).toBe('pim-failed');
    expect(mapGraphError(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }), 'x').code).toBe('network');
    expect(mapGraphError(new TypeError('fetch failed'), 'x').code).toBe('network');
  });
});
