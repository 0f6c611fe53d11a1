import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './chromium.js';
import { bundleFakeBridge } from './fake-bridge-bundle.js';
import { serveStatic } from './static-server.js';

/** The built renderer (out/renderer) served on loopback, the fake bridge bundled, Chromium running. */
export interface BuiltRendererRig {
  browser: Browser;
  /** Where out/renderer is served, e.g. `http://127.0.0.1:port`. */
  origin: string;
  /** The contract-typed fake bridge as one script, for `page.addInitScript` in place of the preload. */
  fakeBridgeScript: string;
}

/**
 * Registers the calling suite's beforeAll/afterAll that start and stop the rig; its fields are set
 * once beforeAll ran. Renderer-only e2e suites (no preview, no sandbox) share this setup.
 */
export function useBuiltRenderer(): BuiltRendererRig {
  const rig = {} as BuiltRendererRig;
  let server: Awaited<ReturnType<typeof serveStatic>> | undefined;
  beforeAll(async () => {
    const renderer = join(process.cwd(), 'out', 'renderer');
    if (!existsSync(join(renderer, 'index.html'))) throw new Error('out/renderer is missing: run `npm run build` first (npm run test:e2e does).');
    rig.fakeBridgeScript = await bundleFakeBridge();
    server = await serveStatic(renderer);
    rig.origin = server.origin;
    rig.browser = await launchChromium();
  });
  afterAll(async () => {
    await rig.browser?.close();
    await server?.close();
  });
  return rig;
}
