// @ts-check
/* eslint-disable @typescript-eslint/no-require-imports -- electron-builder loads hooks as CommonJS (the package is "type": "module", hence .cjs) */
/**
 * electron-builder afterPack hook: flips the fuses of build/fuses.cjs into the packaged Electron
 * binary before it is signed (signing after the flip keeps the signature valid). electron-builder's
 * own `electronFuses` option would do the same; the hook keeps the map in one tested file and
 * makes the step explicit in the build log.
 */
const path = require('node:path');
const { fuseConfig } = require('./fuses.cjs');

/**
 * Path of the Electron executable inside the packed app for a platform (the same rule as
 * electron-builder's PlatformPackager.addElectronFuses).
 * @param {{ appOutDir: string, electronPlatformName: string, packager: { appInfo: { productFilename: string }, executableName?: string } }} context
 */
function electronBinaryPath(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return path.join(appOutDir, `${packager.appInfo.productFilename}.app`);
    case 'win32':
      return path.join(appOutDir, `${packager.appInfo.productFilename}.exe`);
    default:
      return path.join(appOutDir, packager.executableName ?? packager.appInfo.productFilename);
  }
}

/**
 * @param {any} context electron-builder's AfterPackContext
 * @param {{ flipFuses: (binary: string, config: Record<string, unknown>) => Promise<unknown>, FuseVersion: any, FuseV1Options: any }} [fuses] @electron/fuses (injected by tests)
 */
async function afterPack(context, fuses) {
  const lib = fuses ?? (await import('@electron/fuses'));
  const binary = electronBinaryPath(context);
  // Flipping bytes invalidates the ad-hoc signature an arm64 macOS binary needs to run at all.
  const config = fuseConfig(lib, { resetAdHocDarwinSignature: context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas' });
  await lib.flipFuses(binary, /** @type {any} */ (config));
}

module.exports = { afterPack, electronBinaryPath };
