import { ClientAuthError, InteractionRequiredAuthError, ServerError } from '@azure/msal-node';
import { describe, expect, it } from 'vitest';
import { InteractionRequiredError, toAuthAppError } from '../../../../../main/services/auth/auth-errors.js';
import { AppError } from '../../../../../main/services/errors.js';

const context = { accountLabel: 'ada@contoso.test', operation: 'Getting a token' };

describe('toAuthAppError', () => {
  it('a revoked or expired refresh token (invalid_grant, also as bad_token interaction error) means not signed in', () => {
    for (const error of [
      new ServerError('invalid_grant', 'cid', 'AADSTS70008: expired'),
      new InteractionRequiredAuthError('invalid_grant', 'cid', 'AADSTS50173', 'bad_token'),
      new InteractionRequiredAuthError('no_tokens_found', 'cid'),
    ]) {
      const mapped = toAuthAppError(error, context);
      expect(mapped.code).toBe('not-signed-in');
      expect(mapped.message).toContain('ada@contoso.test');
      expect(mapped.message).toMatch(/Sign in again/);
      expect(mapped.cause).toBe(error);
    }
  });

  it('interaction_required keeps the claims challenge for the interactive sign-in', () => {
    const claims = '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}';
    const mapped = toAuthAppError(new InteractionRequiredAuthError('interaction_required', 'cid', 'AADSTS50076: MFA', undefined, undefined, undefined, claims), context);
    expect(mapped).toBeInstanceOf(InteractionRequiredError);
    expect(mapped.code).toBe('interaction-required');
    expect((mapped as InteractionRequiredError).claims).toBe(claims);
  });

  it('maps cancellation, network failures and the rest, quoting only error codes', () => {
    expect(toAuthAppError(new ServerError('access_denied', 'cid', 'user said no'), context).code).toBe('cancelled');
    expect(toAuthAppError(new ClientAuthError('network_error', 'cid'), context).code).toBe('network');
    expect(toAuthAppError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), context).code).toBe('network');
    const other = toAuthAppError(new ServerError('invalid_client', 'cid', 'AADSTS7000218: secret-looking text'), context);
    expect(other.code).toBe('unknown');
    expect(other.message).toContain('invalid_client');
    expect(other.message).not.toContain('secret-looking');
    const existing = new AppError('vault-locked', 'x');
    expect(toAuthAppError(existing, context)).toBe(existing);
  });
});
