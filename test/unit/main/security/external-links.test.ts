import { describe, expect, it } from 'vitest';
import { isAllowedExternalUrl } from '../../../../main/security/external-links.js';

describe('external link allowlist', () => {
  it.each([
    ['https://portal.azure.com/#view/Microsoft_Azure_PIMCommon', true],
    ['https://learn.microsoft.com/en-us/azure/key-vault/', true],
    ['https://aka.ms/azsdk/blog/vault-uri', true],
    ['http://portal.azure.com/', false],
    ['https://portal.azure.com.evil.example/', false],
    ['https://evil.example/?u=https://portal.azure.com', false],
    ['https://user:pass@portal.azure.com/', false],
    ['https://portal.azure.com:8443/', false],
    ['javascript:alert(1)', false],
    ['file:///etc/passwd', false],
    ['not a url', false],
  ])('%s → %s', (url, allowed) => {
    expect(isAllowedExternalUrl(url)).toBe(allowed);
  });
});
