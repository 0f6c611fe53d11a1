import type { AccountInfo, AuthenticationResult, INativeBrokerPlugin } from '@azure/msal-node';

type NativeRequest = Parameters<INativeBrokerPlugin['acquireTokenInteractive']>[0];
import { describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../../../helpers/fakes/secret-store.fake.js';
import { AuthService } from '../../../../../main/services/auth/auth.service.js';
import { nativeBrokerLoader } from '../../../../../main/services/auth/native-broker.js';
import type { Logger } from '../../../../../main/services/ports/logger.js';

const TENANT = '11111111-1111-1111-1111-111111111111';
const CLIENT = '33333333-3333-3333-3333-333333333333';

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) => lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
  return { lines, info: log('info'), warn: log('warn'), error: log('error') };
}

/** A stand-in for the OS broker (WAM / Enterprise SSO), which cannot run on Linux. */
class FakeBroker implements INativeBrokerPlugin {
  isBrokerAvailable = true;
  interactiveRequests: NativeRequest[] = [];
  readonly account: AccountInfo = {
    homeAccountId: `oid.${TENANT}`, environment: 'login.microsoftonline.com', tenantId: TENANT, username: 'ada@contoso.com', localAccountId: 'oid', name: 'Ada',
  };
  setLogger(): void {}
  async getAccountById(): Promise<AccountInfo> {
    return this.account;
  }
  async getAllAccounts(): Promise<AccountInfo[]> {
    return [this.account];
  }
  async acquireTokenSilent(): Promise<AuthenticationResult> {
    throw new Error('not used');
  }
  async acquireTokenInteractive(request: NativeRequest): Promise<AuthenticationResult> {
    this.interactiveRequests.push(request);
    return {
      authority: request.authority, uniqueId: 'oid', tenantId: TENANT, scopes: request.scopes, account: this.account, idToken: '', idTokenClaims: {},
      accessToken: 'broker-token', fromCache: false, expiresOn: new Date(Date.now() + 3_600_000), tokenType: 'Bearer', correlationId: request.correlationId,
    };
  }
  async signOut(): Promise<void> {}
}

describe('AuthService and the OS broker', () => {
  it('with useBroker and an available broker, interactive sign-in goes to the broker (no browser)', async () => {
    const broker = new FakeBroker();
    const auth = await AuthService.create({
      tenants: [{ tenantId: TENANT, clientId: CLIENT }],
      secretStore: new MemorySecretStore(),
      useBroker: true,
      loadBroker: async () => broker,
    });
    const opened: string[] = [];
    const account = await auth.signInInteractive(TENANT, { openBrowser: async (url) => void opened.push(url) });
    expect(opened).toEqual([]);
    expect(broker.interactiveRequests).toHaveLength(1);
    expect(broker.interactiveRequests[0]!.scopes).toContain('https://graph.microsoft.com/.default');
    expect(account).toMatchObject({ tenantId: TENANT, username: 'ada@contoso.com' });
    // The sign-in's token is remembered: no second trip to the broker.
    expect((await auth.getAccessToken(account.accountId, 'graph')).token).toBe('broker-token');
  });

  it('does not load the broker when the setting is off', async () => {
    let loads = 0;
    await AuthService.create({
      tenants: [{ tenantId: TENANT, clientId: CLIENT }],
      secretStore: new MemorySecretStore(),
      useBroker: false,
      loadBroker: async () => (loads++, new FakeBroker()),
    });
    expect(loads).toBe(0);
  });

  it('never uses the broker for a loopback (sandbox) authority', async () => {
    const broker = new FakeBroker();
    const auth = await AuthService.create({
      tenants: [{ tenantId: TENANT, clientId: CLIENT, authority: `https://localhost:1/${TENANT}` }],
      secretStore: new MemorySecretStore(),
      useBroker: true,
      loadBroker: async () => broker,
    });
    // Nothing listens on port 1: the browser flow fails at discovery, which proves it was the browser flow.
    await expect(auth.signInInteractive(TENANT, { openBrowser: async () => {} })).rejects.toMatchObject({ code: 'network' });
    expect(broker.interactiveRequests).toEqual([]);
  });

  it('the real loader skips platforms without a broker and falls back, logging the reason by name', async () => {
    const logger = recordingLogger();
    expect(await nativeBrokerLoader(logger, 'linux')()).toBeUndefined();
    expect(logger.lines).toEqual([]);
    // On this Linux machine the Windows code path loads the package but finds no broker runtime.
    expect(await nativeBrokerLoader(logger, 'win32')()).toBeUndefined();
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]).toMatch(/^warn OS sign-in broker (not available|failed to load)/);
  });

  it('a missing keychain gives memory-only status', async () => {
    const auth = await AuthService.create({ tenants: [{ tenantId: TENANT, clientId: CLIENT }], secretStore: new MemorySecretStore({ available: false }) });
    expect(auth.keychainStatus()).toBe('unavailable-memory-only');
    expect(await auth.accounts()).toEqual([]);
    await expect(auth.getAccessToken('not-an-account', 'vault')).rejects.toMatchObject({ code: 'not-signed-in' });
  });
});
