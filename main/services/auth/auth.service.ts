import type { AccountInfo, AuthenticationResult, DeviceCodeRequest, PublicClientApplication } from '@azure/msal-node';
import { AppError, CancelledError } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import { SystemClock } from '../../adapters/system-clock.js';
import type { AccessToken, TokenProvider, TokenResource } from '../ports/token-provider.js';
import type { TenantSettings } from '../settings/settings.schema.js';
import { DEFAULT_SCOPES, type AuthEvents, type AuthServiceOptions, type DeviceCodeInfo, type InteractiveSignInOptions, type KeychainStatus, type SignedInAccount } from './auth.types.js';
import { composeAccountId, parseAccountId } from './account-id.js';
import { AccessTokenMemory } from './access-token-memory.js';
import { NotSignedInError, toAuthAppError } from './auth-errors.js';
import { cancellableBrowser } from './interactive-cancel.js';
import { KeychainCachePlugin } from './keychain-cache.plugin.js';
import { createPublicClient } from './msal-client.factory.js';
import { nativeBrokerLoader } from './native-broker.js';
import { SIGN_IN_ERROR_PAGE, SIGN_IN_SUCCESS_PAGE } from './sign-in-pages.js';
import { TypedEmitter } from '../events/typed-emitter.js';

export type { AuthEvents, AuthServiceOptions, DeviceCodeInfo, InteractiveSignInOptions, KeychainStatus, SignedInAccount } from './auth.types.js';
export { DEFAULT_SCOPES } from './auth.types.js';

interface TenantClient {
  settings: TenantSettings;
  app: PublicClientApplication;
  plugin: KeychainCachePlugin;
}

/**
 * Sign-in and tokens, over @azure/msal-node: one PublicClientApplication per configured tenant,
 * interactive sign-in in the system browser (loopback redirect) or the OS broker, device code as
 * the fallback, silent refresh from the keychain-backed cache, several accounts and tenants at once.
 * Build it with `AuthService.create` (it probes the keychain and loads the persisted accounts).
 */
export class AuthService implements TokenProvider {
  private readonly clients = new Map<string, TenantClient>();
  private readonly tokens = new AccessTokenMemory();
  private readonly events: TypedEmitter<AuthEvents>;
  private readonly clock: Clock;
  private readonly scopes: Record<TokenResource, string[]>;
  private status: KeychainStatus = 'available';

  private constructor(private readonly options: AuthServiceOptions) {
    this.clock = options.clock ?? new SystemClock();
    this.events = new TypedEmitter(options.logger);
    this.scopes = { ...DEFAULT_SCOPES, ...options.scopes };
  }

  /** Probes the keychain, loads the broker if asked, builds the tenants' clients and reads their caches. */
  static async create(options: AuthServiceOptions): Promise<AuthService> {
    const service = new AuthService(options);
    const keychain = (await options.secretStore.isAvailable()) ? options.secretStore : null;
    if (!keychain) {
      service.status = 'unavailable-memory-only';
      options.logger?.warn('OS keychain not available: sign-ins are kept in memory only');
    }
    const broker = options.useBroker ? await (options.loadBroker ?? nativeBrokerLoader(options.logger))() : undefined;
    for (const settings of options.tenants) {
      if (service.clients.has(settings.tenantId)) {
        throw new AppError('settings-invalid', `Tenant ${settings.tenantId} is listed twice in the settings ("tenants"). Keep one entry per tenant.`);
      }
      const plugin = new KeychainCachePlugin({
        store: keychain,
        key: `msal-cache|${settings.tenantId}|${settings.clientId}`,
        ...(options.logger ? { logger: options.logger } : {}),
        onKeychainLost: () => service.setStatus('unavailable-memory-only'),
      });
      const app = createPublicClient({ tenant: settings, cachePlugin: plugin, broker, logger: options.logger, endpoints: options.endpoints ?? { allowLoopback: false } });
      service.clients.set(settings.tenantId, { settings, app, plugin });
      // Reads the keychain now, so accounts() and silent sign-in work right after start.
      await app.getTokenCache().getAllAccounts();
    }
    return service;
  }

  /** 'available' while refresh tokens persist in the OS keychain; otherwise memory only (the UI says why). */
  keychainStatus(): KeychainStatus {
    return this.status;
  }

  /** Why the keychain is not used, when the store can tell (e.g. a missing native binding). */
  keychainReason(): string | undefined {
    return this.status === 'available' ? undefined : this.options.secretStore.unavailableReason?.();
  }

  /** Subscribes to 'signed-in' | 'signed-out' | 'keychain-status'; returns the unsubscribe function. */
  on<K extends keyof AuthEvents>(event: K, listener: (e: AuthEvents[K]) => void): () => void {
    return this.events.on(event, listener);
  }

  /** Signs in through the system browser (or the OS broker when enabled and available). */
  async signInInteractive(tenantId: string, options: InteractiveSignInOptions = {}): Promise<SignedInAccount> {
    const client = this.client(tenantId);
    const openBrowser = options.openBrowser ?? this.options.openBrowser;
    if (!openBrowser) throw new AppError('unknown', 'Sign-in cannot open a browser here. Use "Sign in with a code" instead.');
    const browser = cancellableBrowser(openBrowser, options.signal);
    try {
      const result = await client.app.acquireTokenInteractive({
        scopes: this.scopes[this.signInResource],
        openBrowser: browser.open,
        successTemplate: SIGN_IN_SUCCESS_PAGE,
        errorTemplate: SIGN_IN_ERROR_PAGE,
        ...(options.loginHint ? { loginHint: options.loginHint } : {}),
        ...(options.claims ? { claims: options.claims } : {}),
        ...(options.prompt ? { prompt: options.prompt } : {}),
        ...((options.windowHandle ?? this.options.windowHandle?.()) ? { windowHandle: options.windowHandle ?? this.options.windowHandle?.() } : {}),
      });
      return this.signedIn(client, result, 'interactive');
    } catch (error) {
      if (options.signal?.aborted) throw new CancelledError('Sign-in', { cause: error });
      throw toAuthAppError(error, { accountLabel: options.loginHint ?? 'Your account', operation: 'Sign-in' });
    } finally {
      browser.dispose();
    }
  }

  /** Device-code sign-in: `onCode` shows the code and URL; aborting `signal` stops the polling. */
  async signInWithDeviceCode(tenantId: string, onCode: (info: DeviceCodeInfo) => void, signal?: AbortSignal): Promise<SignedInAccount> {
    const client = this.client(tenantId);
    if (signal?.aborted) throw new CancelledError('Sign-in with a code');
    const request: DeviceCodeRequest = {
      scopes: this.scopes[this.signInResource],
      deviceCodeCallback: (response) =>
        onCode({
          userCode: response.userCode,
          verificationUri: response.verificationUri,
          message: response.message,
          expiresAt: this.clock.now() + response.expiresIn * 1000,
        }),
    };
    // MSAL checks this flag between polls.
    const onAbort = () => (request.cancel = true);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const result = await client.app.acquireTokenByDeviceCode(request);
      if (!result) throw new AppError('unknown', 'Sign-in with a code returned no result. Try again.');
      return this.signedIn(client, result, 'device-code');
    } catch (error) {
      if (signal?.aborted) throw new CancelledError('Sign-in with a code', { cause: error });
      throw toAuthAppError(error, { accountLabel: 'Your account', operation: 'Sign-in with a code' });
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Every signed-in account, across all configured tenants. */
  async accounts(): Promise<SignedInAccount[]> {
    const all: SignedInAccount[] = [];
    for (const client of this.clients.values()) {
      for (const account of await client.app.getAllAccounts()) {
        // MSAL's tenantId (the token's tid) enters here; settings' tenant ids are lower-case already.
        if (account.tenantId && account.tenantId.toLowerCase() !== client.settings.tenantId) continue;
        all.push(toSignedIn(client, account));
      }
    }
    return all;
  }

  /** Removes the account from the keychain and memory (its access tokens too). Idempotent. */
  async signOut(accountId: string): Promise<void> {
    const parsed = parseAccountId(accountId);
    this.tokens.drop(accountId);
    const client = parsed && this.clients.get(parsed.tenantId);
    if (!client || !parsed) return;
    const account = await this.findAccount(client, parsed.homeAccountId);
    if (!account) return;
    const keychainBefore = client.plugin.persistent;
    await client.app.signOut({ account });
    this.events.emit('signed-out', { accountId, tenantId: parsed.tenantId, username: account.username });
    if (keychainBefore && !client.plugin.persistent) {
      throw new AppError(
        'keychain-unavailable',
        `${account.username} is signed out of JIT Vault, but the OS keychain could not be updated, so its saved sign-in may still be there. ` +
          'Unlock the keychain and sign out again, or remove the "JIT Vault" entries with the keychain tool.',
      );
    }
  }

  /** An access token for `resource`: from memory while valid, otherwise refreshed silently. */
  async getAccessToken(accountId: string, resource: TokenResource, options: { forceRefresh?: boolean; claims?: string } = {}): Promise<AccessToken> {
    const parsed = parseAccountId(accountId);
    const client = parsed && this.clients.get(parsed.tenantId);
    if (!client || !parsed) throw new NotSignedInError('This account', 'its tenant is not configured in JIT Vault');
    const plain = !options.forceRefresh && !options.claims;
    if (plain) {
      const remembered = this.tokens.get(accountId, resource, this.clock.now(), this.options.refreshMarginMs ?? 5 * 60_000);
      if (remembered) return remembered;
    }
    return this.tokens.fetch(accountId, resource, plain, async () => {
      const account = await this.findAccount(client, parsed.homeAccountId);
      if (!account) throw new NotSignedInError('This account', 'it was signed out');
      try {
        // forceRefresh: MSAL's cache holds no access tokens; this skips its lookup and goes to the network.
        const result = await client.app.acquireTokenSilent({
          account,
          scopes: this.scopes[resource],
          forceRefresh: true,
          ...(options.claims ? { claims: options.claims } : {}),
        });
        return toAccessToken(result, this.clock);
      } catch (error) {
        throw toAuthAppError(error, { accountLabel: account.username || 'Your account', operation: 'Getting a token' });
      }
    });
  }

  /** Forgets the account's access tokens for `resource`; the next getAccessToken goes to the network. */
  dropAccessTokens(accountId: string, resource: TokenResource): void {
    this.tokens.drop(accountId, resource);
  }

  private get signInResource(): TokenResource {
    return this.options.signInResource ?? 'graph';
  }

  private client(tenantId: string): TenantClient {
    const client = this.clients.get(tenantId);
    if (!client) throw new AppError('settings-invalid', `Tenant ${tenantId} is not configured in JIT Vault's settings ("tenants").`);
    return client;
  }

  private async findAccount(client: TenantClient, homeAccountId: string): Promise<AccountInfo | undefined> {
    const matches = (await client.app.getAllAccounts()).filter((a) => a.homeAccountId === homeAccountId);
    return matches.find((a) => a.tenantId.toLowerCase() === client.settings.tenantId) ?? matches[0];
  }

  private signedIn(client: TenantClient, result: AuthenticationResult, method: 'interactive' | 'device-code'): SignedInAccount {
    if (!result.account) throw new AppError('unknown', 'Sign-in returned no account. Try again.');
    const account = toSignedIn(client, result.account);
    if (result.accessToken) this.tokens.remember(account.accountId, this.signInResource, toAccessToken(result, this.clock));
    this.events.emit('signed-in', { account, method });
    return account;
  }

  private setStatus(status: KeychainStatus): void {
    if (this.status === status) return;
    this.status = status;
    this.events.emit('keychain-status', { status });
  }
}

function toSignedIn(client: TenantClient, account: AccountInfo): SignedInAccount {
  return {
    accountId: composeAccountId(account.homeAccountId, client.settings.tenantId),
    homeAccountId: account.homeAccountId,
    tenantId: client.settings.tenantId,
    username: account.username,
    ...(account.name ? { name: account.name } : {}),
  };
}

function toAccessToken(result: AuthenticationResult, clock: Clock): AccessToken {
  // MSAL always sets expiresOn for user tokens; the fallback (one hour) only guards a null.
  return { token: result.accessToken, expiresOnTimestamp: result.expiresOn?.getTime() ?? clock.now() + 3_600_000 };
}
