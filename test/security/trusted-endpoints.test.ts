import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppCore } from '../../main/core/app-core.js';
import { classifyEndpoint, endpointProblems } from '../../main/security/trusted-endpoints.js';
import { UntrustedEndpointError } from '../../main/services/trusted-endpoint-guard.js';
import { createPublicClient } from '../../main/services/auth/msal-client.factory.js';
import { PimGraphApi } from '../../main/services/pim/pim-graph.api.js';
import type { TokenProvider } from '../../main/services/ports/token-provider.js';
import { FileLogger } from '../../main/adapters/file-logger.js';
import { SystemClock } from '../../main/adapters/system-clock.js';
import { MemorySecretStore } from '../helpers/fakes/secret-store.fake.js';
import { FakeClipboard } from '../helpers/fakes/clipboard.fake.js';
import { FakeNotifier } from '../helpers/fakes/notifier.fake.js';

const PACKAGED = { allowLoopback: false };
const DEMO = { allowLoopback: true };
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';

/** A token provider that records every request for a token (it is not the thing under test). */
function recordingTokens(): TokenProvider & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async getAccessToken(_accountId: string, resource: string) {
      asked.push(resource);
      return { token: 'canary-token', expiresOn: Date.now() + 3_600_000 };
    },
  } as unknown as TokenProvider & { asked: string[] };
}

describe('trusted endpoints per national cloud', () => {
  it.each([
    ['authority', 'https://login.microsoftonline.com/contoso.onmicrosoft.com', 'public'],
    ['authority', 'https://login.microsoftonline.us/' + TENANT, 'usgov'],
    ['authority', 'https://login.chinacloudapi.cn/' + TENANT, 'china'],
    ['authority', 'https://login.partner.microsoftonline.cn/' + TENANT, 'china'],
    ['graph', 'https://graph.microsoft.com', 'public'],
    ['graph', 'https://graph.microsoft.us', 'usgov'],
    ['graph', 'https://dod-graph.microsoft.us', 'usgov'],
    ['graph', 'https://microsoftgraph.chinacloudapi.cn', 'china'],
    ['vault', 'https://kv-contoso.vault.azure.net', 'public'],
    ['vault', 'https://KV-Contoso.vault.azure.net/', 'public'],
    ['vault', 'https://kv-gov.vault.usgovcloudapi.net', 'usgov'],
    ['vault', 'https://kv-cn.vault.azure.cn', 'china'],
  ] as const)('%s %s belongs to the %s cloud', (kind, url, cloud) => {
    expect(classifyEndpoint(kind, url, PACKAGED)).toEqual({ ok: true, cloud });
  });

  it.each([
    ['graph', 'https://graph.evil.example', /not a Microsoft Graph host/],
    ['graph', 'https://graph.microsoft.com.evil.example', /not a Microsoft Graph host/],
    ['graph', 'http://graph.microsoft.com', /https/],
    ['graph', 'https://graph.microsoft.com:8443', /port/],
    ['graph', 'https://user:pw@graph.microsoft.com', /user name or password/],
    ['authority', 'https://login.evil.example/' + TENANT, /not a sign-in host/],
    ['authority', 'https://login.microsoftonline.com.evil.example/' + TENANT, /not a sign-in host/],
    ['vault', 'https://kv.vault.azure.net.evil.example', /not a Key Vault host/],
    ['vault', 'https://a.b.vault.azure.net', /not a Key Vault host/],
    ['vault', 'https://vault.azure.net', /not a Key Vault host/],
    ['vault', 'https://localhost:8443', /loopback.*only the demo mode/],
    ['graph', 'https://127.0.0.1:8443', /loopback.*only the demo mode/],
    ['authority', 'https://[::1]:8443/' + TENANT, /loopback.*only the demo mode/],
  ] as const)('%s %s is refused', (kind, url, why) => {
    const verdict = classifyEndpoint(kind, url, PACKAGED);
    expect(verdict.ok).toBe(false);
    expect(!verdict.ok && verdict.reason).toMatch(why);
  });

  it('allows loopback only when the caller says so (demo mode)', () => {
    expect(classifyEndpoint('vault', 'https://localhost:8443', DEMO)).toEqual({ ok: true, cloud: 'loopback' });
    expect(classifyEndpoint('vault', 'https://localhost.evil.example', DEMO).ok).toBe(false);
  });

  it('refuses a tenant whose sign-in, Graph and vaults are in different clouds', () => {
    const problems = endpointProblems(
      {
        tenants: [{ tenantId: TENANT, authority: `https://login.microsoftonline.us/${TENANT}`, graphBaseUrl: 'https://graph.microsoft.com' }],
        vaults: [{ name: 'kv', url: 'https://kv-contoso.vault.azure.net', tenantId: TENANT }],
      },
      PACKAGED,
    );
    expect(problems).toEqual([
      expect.stringMatching(/^tenants\[0\]: sign-in \(Azure US Government\) and Microsoft Graph \(Azure public cloud\) are in different clouds/),
      expect.stringMatching(/^vaults\[0\]\.url .* is in the Azure public cloud, but its tenant signs in to the Azure US Government/),
    ]);
  });

  it('a tenant without explicit endpoints means the public cloud, and passes', () => {
    expect(endpointProblems({ tenants: [{ tenantId: TENANT }], vaults: [{ name: 'kv', url: 'https://kv-contoso.vault.azure.net', tenantId: TENANT }] }, PACKAGED)).toEqual([]);
  });
});

describe('a token is never sent to a host outside the cloud list', () => {
  it('the Graph client refuses an untrusted base URL before it asks for a token', () => {
    const tokens = recordingTokens();
    expect(() => new PimGraphApi({ accountId: 'a', baseUrl: 'https://graph.evil.example' }, tokens)).toThrow(UntrustedEndpointError);
    expect(() => new PimGraphApi({ accountId: 'a', baseUrl: 'https://localhost:9443' }, tokens)).toThrow(/loopback/);
    expect(tokens.asked).toEqual([]);
  });

  it('MSAL is never built for an untrusted authority (its refresh token would go there)', () => {
    const build = (authority: string, endpoints = PACKAGED) =>
      createPublicClient({ tenant: { tenantId: TENANT, clientId: CLIENT, authority }, cachePlugin: { beforeCacheAccess: async () => undefined, afterCacheAccess: async () => undefined }, broker: undefined, logger: undefined, endpoints });
    expect(() => build(`https://login.evil.example/${TENANT}`)).toThrow(UntrustedEndpointError);
    expect(() => build(`https://localhost:9443/${TENANT}`)).toThrow(/loopback/);
    expect(() => build(`https://localhost:9443/${TENANT}`, DEMO)).not.toThrow();
    expect(() => build(`https://login.microsoftonline.us/${TENANT}`)).not.toThrow();
  });

  describe('the app refuses to start with a planted Graph endpoint', () => {
    let dir: string | undefined;
    afterEach(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it.each([
      ['graphBaseUrl', { graphBaseUrl: 'https://graph.evil.example' }, /tenants\[0\]\.graphBaseUrl "https:\/\/graph\.evil\.example" is not a Microsoft Graph host/],
      ['loopback Graph in a packaged build', { graphBaseUrl: 'https://127.0.0.1:8443' }, /loopback/],
    ])('%s', async (_label, tenantFields, message) => {
      dir = mkdtempSync(join(tmpdir(), 'jit-vault-endpoints-'));
      writeFileSync(join(dir, 'settings.json'), JSON.stringify({ tenants: [{ tenantId: TENANT, clientId: CLIENT, ...tenantFields }] }));
      const attempt = createAppCore({
        clock: new SystemClock(),
        secretStore: new MemorySecretStore(),
        clipboard: new FakeClipboard(),
        notifier: new FakeNotifier(),
        logger: new FileLogger({ dir: join(dir, 'logs'), clock: new SystemClock() }),
        openBrowser: async () => undefined,
        paths: { settingsFile: join(dir, 'settings.json'), policyFile: join(dir, 'none.json'), favouritesFile: join(dir, 'f.json'), pendingRequestsFile: join(dir, 'p.json'), journalDir: join(dir, 'j') },
        platform: 'linux',
      });
      await expect(attempt).rejects.toMatchObject({ code: 'settings-invalid', message: expect.stringMatching(message) });
    });
  });
});
