import { describe, expect, it } from 'vitest';
import { isSensitiveFieldName, looksLikeToken, scrubText } from '../../../../../main/services/logging/redaction.js';

const JWT = 'eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJvaWQiOiIxMjMiLCJncm91cHMiOlsiYSJdfQ.c2lnbmF0dXJlLWJ5dGVz';

describe('redaction guard', () => {
  it('recognises JWTs, bearer/PoP credentials, OAuth token parameters and Entra refresh tokens', () => {
    expect(looksLikeToken(JWT)).toBe(true);
    expect(looksLikeToken(`prefix ${JWT} suffix`)).toBe(true);
    expect(looksLikeToken('Authorization: Bearer abc.def-ghi_123')).toBe(true);
    expect(looksLikeToken('"refresh_token": "opaque-value-123"')).toBe(true);
    expect(looksLikeToken('client_secret=abcdef123')).toBe(true);
    expect(looksLikeToken(`1.AXEA${'b'.repeat(80)}`)).toBe(true);
  });

  it('leaves the names, ids and hashes the app logs alone', () => {
    for (const text of [
      'dc01-administrator',
      'kv-contoso-servers',
      '480ca4e5-1d02-4348-9047-4c462899391c',
      'a'.repeat(64),
      'https://kv-contoso-servers.vault.azure.net/secrets/dc01-administrator',
      'Ticket INC-1234: user locked out, reset the local admin password',
      'vault-forbidden-rbac',
      'the bearer of bad news',
    ]) {
      expect(looksLikeToken(text), text).toBe(false);
    }
  });

  it('scrubs only the token-shaped parts of free text', () => {
    expect(scrubText(`token ${JWT} refused`)).toBe('token [redacted] refused');
    expect(scrubText('header Bearer abcdefgh12345 sent')).toBe('header Bearer [redacted] sent');
    expect(scrubText('a=1&access_token=abcdef123456&b=2')).toBe('a=1&access_token=[redacted]&b=2');
  });

  it('treats names ending in a credential word as sensitive, but not secretName', () => {
    for (const name of ['accessToken', 'refresh_token', 'password', 'value', 'clientSecret', 'Authorization', 'secret']) expect(isSensitiveFieldName(name), name).toBe(true);
    for (const name of ['secretName', 'vault', 'tokenExpiresAt', 'groupId', 'status']) expect(isSensitiveFieldName(name), name).toBe(false);
  });
});
