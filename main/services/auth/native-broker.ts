import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { INativeBrokerPlugin } from '@azure/msal-node';
import type { NativeBrokerPlugin as NativeBrokerPluginClass } from '@azure/msal-node-extensions';
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
      const NativeBrokerPlugin = await importNativeBrokerPlugin();
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

/**
 * NativeBrokerPlugin from its own module, not the package index: the index also re-exports the
 * token-cache persistence plugins, and LibSecretPersistence imports keytar — archived upstream, a
 * native module JIT Vault never uses (@napi-rs/keyring holds its tokens). Importing the index would
 * load keytar's binary on every broker start (issue 12 item 7). The package's `exports` map does not
 * name this file, so it is imported by path; test/security/shipped-main.test.ts pins that it exists
 * and that loading it never resolves keytar.
 */
export async function importNativeBrokerPlugin(): Promise<typeof NativeBrokerPluginClass> {
  const pkg = createRequire(import.meta.url).resolve('@azure/msal-node-extensions/package.json');
  const module = (await import(pathToFileURL(join(dirname(pkg), 'dist', 'broker', 'NativeBrokerPlugin.mjs')).href)) as { NativeBrokerPlugin: typeof NativeBrokerPluginClass };
  return module.NativeBrokerPlugin;
}
