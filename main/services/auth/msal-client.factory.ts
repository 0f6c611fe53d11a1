import { LogLevel, PublicClientApplication, type ICachePlugin, type INativeBrokerPlugin } from '@azure/msal-node';
import { isLoopbackHost } from '../../security/loopback.js';
import type { Logger } from '../ports/logger.js';
import type { TenantSettings } from '../settings/settings.schema.js';

/** Entra's public cloud authority host, used when a tenant has no `authority` in the settings. */
export const DEFAULT_AUTHORITY_HOST = 'https://login.microsoftonline.com';

/** The authority URL of a configured tenant. */
export function authorityOf(tenant: TenantSettings): string {
  return (tenant.authority ?? `${DEFAULT_AUTHORITY_HOST}/${tenant.tenantId}`).replace(/\/+$/, '');
}


/** Builds the msal-node PublicClientApplication of one tenant. */
export function createPublicClient(options: {
  tenant: TenantSettings;
  cachePlugin: ICachePlugin;
  broker: INativeBrokerPlugin | undefined;
  logger: Logger | undefined;
}): PublicClientApplication {
  const authority = authorityOf(options.tenant);
  // A loopback authority (the local sandbox) gets `knownAuthorities` (which turns off MSAL's online
  // instance discovery) and never the OS broker, which only talks to the real Entra ID.
  const loopback = isLoopbackHost(new URL(authority).hostname);
  return new PublicClientApplication({
    auth: {
      clientId: options.tenant.clientId,
      authority,
      // host:port — for the sandbox this is what skips login.microsoftonline.com's instance discovery.
      ...(loopback ? { knownAuthorities: [new URL(authority).host] } : {}),
    },
    cache: { cachePlugin: options.cachePlugin },
    ...(options.broker && !loopback ? { broker: { nativeBrokerPlugin: options.broker } } : {}),
    system: {
      loggerOptions: {
        // Warnings and errors only, and never PII: the log file is scanned for token canaries.
        logLevel: LogLevel.Warning,
        piiLoggingEnabled: false,
        loggerCallback: (level, message, containsPii) => {
          if (containsPii || !options.logger) return;
          const text = message.slice(0, 300);
          if (level === LogLevel.Error) options.logger.error('msal', { message: text });
          else options.logger.warn('msal', { message: text });
        },
      },
    },
  });
}
