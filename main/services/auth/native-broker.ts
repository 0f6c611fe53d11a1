import type { INativeBrokerPlugin } from '@azure/msal-node';
import type { Logger } from '../ports/logger.js';

/** Loads the OS broker plugin; resolves undefined when it cannot be used (reason logged by name). */
export type NativeBrokerLoader = () => Promise<INativeBrokerPlugin | undefined>;

/** Platforms where msal-node-extensions ships a broker (WAM on Windows, Enterprise SSO on macOS). */
const BROKER_PLATFORMS: readonly NodeJS.Platform[] = ['win32', 'darwin'];

/**
 * The real loader: imports @azure/msal-node-extensions lazily (it pulls in native code and keytar,
 * which must never be loaded on platforms without a broker) and checks `isBrokerAvailable`.
 * Any failure means "no broker": sign-in then uses the system browser.
 */
export function nativeBrokerLoader(logger: Logger | undefined, platform: NodeJS.Platform = process.platform): NativeBrokerLoader {
  return async () => {
    if (!BROKER_PLATFORMS.includes(platform)) return undefined;
    try {
      const { NativeBrokerPlugin } = await import('@azure/msal-node-extensions');
      const plugin = new NativeBrokerPlugin();
      if (!plugin.isBrokerAvailable) {
        logger?.warn('OS sign-in broker not available; using the browser', { reason: 'broker-unavailable' });
        return undefined;
      }
      return plugin;
    } catch (error) {
      // Name only: native loader messages can include file system paths of the user profile.
      logger?.warn('OS sign-in broker failed to load; using the browser', { reason: error instanceof Error ? error.name : 'unknown' });
      return undefined;
    }
  };
}
