import type { EndpointPolicy } from '../../security/trusted-endpoints.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { SecretStore } from '../ports/secret-store.js';
import type { TokenResource } from '../ports/token-provider.js';
import type { TenantSettings } from '../settings/settings.schema.js';
import type { NativeBrokerLoader } from './native-broker.js';

/** A signed-in account in one tenant. `accountId` is opaque (see account-id.ts). */
export interface SignedInAccount {
  accountId: string;
  /** MSAL's homeAccountId (the same for a guest in several tenants). */
  homeAccountId: string;
  tenantId: string;
  username: string;
  name?: string;
}

/** Whether refresh tokens survive a restart (keychain) or live in memory only. */
export type KeychainStatus = 'available' | 'unavailable-memory-only';

/** What AuthService reports to listeners (the journal and the UI subscribe), by event name. */
export interface AuthEvents extends Record<string, unknown> {
  'signed-in': { account: SignedInAccount; method: 'interactive' | 'device-code' };
  'signed-out': { accountId: string; tenantId: string; username?: string };
  'keychain-status': { status: KeychainStatus };
}

/** Device-code details to show the user. */
export interface DeviceCodeInfo {
  userCode: string;
  verificationUri: string;
  message: string;
  /** Epoch ms. */
  expiresAt: number;
}

/** Options of the interactive (system browser or OS broker) sign-in. */
export interface InteractiveSignInOptions {
  /** Opens the URL in the system browser (the Electron adapter calls shell.openExternal). */
  openBrowser?: (url: string) => Promise<void>;
  loginHint?: string;
  /** A claims challenge (MFA / Conditional Access step-up) from an InteractionRequiredError. */
  claims?: string;
  prompt?: 'select_account' | 'login' | 'consent' | 'none';
  /** Aborting ends the wait for the browser with a CancelledError. */
  signal?: AbortSignal;
  /** Native window handle that parents the broker's dialog (Windows broker). */
  windowHandle?: Buffer;
}

/** Construction options of AuthService. */
export interface AuthServiceOptions {
  tenants: TenantSettings[];
  /** The OS keychain (KeyringSecretStore); when it is unusable, tokens stay in memory only. */
  secretStore: SecretStore;
  /** The window that parents the OS broker's dialog (WAM needs one, https://learn.microsoft.com/entra/msal/python/advanced/wam). */
  windowHandle?: () => Buffer | undefined;
  logger?: Logger;
  clock?: Clock;
  /** settings.useBroker: try the OS broker on Windows/macOS. */
  useBroker?: boolean;
  /** Replaces the lazy msal-node-extensions import (tests). */
  loadBroker?: NativeBrokerLoader;
  /** Default browser opener for interactive sign-in. */
  openBrowser?: (url: string) => Promise<void>;
  /** Scopes per resource; defaults below. MSAL adds openid, profile and offline_access itself. */
  scopes?: Partial<Record<TokenResource, string[]>>;
  /** Which resource the sign-in itself asks for (default 'graph'). */
  signInResource?: TokenResource;
  /** A remembered access token is renewed this long before it expires (default 5 minutes, as MSAL). */
  refreshMarginMs?: number;
  /** Which sign-in hosts may receive a refresh token; default: Microsoft's clouds only (no loopback). */
  endpoints?: EndpointPolicy;
}

/** Default scopes: the app's consented permissions on each resource. */
export const DEFAULT_SCOPES: Record<TokenResource, string[]> = {
  vault: ['https://vault.azure.net/.default'],
  graph: ['https://graph.microsoft.com/.default'],
};
