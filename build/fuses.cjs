// @ts-check
/**
 * The Electron fuses JIT Vault ships with (security checklist #19,
 * https://www.electronjs.org/docs/latest/tutorial/fuses). Data only: build/after-pack.cjs flips
 * them into the packaged binary, test/security/fuses.test.ts asserts this exact map.
 */

/** Fuse name (as @electron/fuses' FuseV1Options spells it) → wanted state. */
const FUSES = Object.freeze({
  /** ELECTRON_RUN_AS_NODE would turn the signed app into a general-purpose Node. */
  RunAsNode: false,
  /** Cookies on disk encrypted with the OS key (one-way switch). */
  EnableCookieEncryption: true,
  /** NODE_OPTIONS (and NODE_EXTRA_CA_CERTS, electron/electron#41689) could inject code or trust. */
  EnableNodeOptionsEnvironmentVariable: false,
  /** --inspect / SIGUSR1 would open a debugger into the process holding the tokens. */
  EnableNodeCliInspectArguments: false,
  /** app.asar checked against the hash embedded at build time (macOS, Windows). */
  EnableEmbeddedAsarIntegrityValidation: true,
  /** Only app.asar is loaded — never an unpacked `app/` folder someone drops beside it. */
  OnlyLoadAppFromAsar: true,
  /** The renderer is served from app://, so file:// needs no extra privileges. */
  GrantFileProtocolExtraPrivileges: false,
});

/** Fuses deliberately left at Electron's default (listed so a new fuse is noticed by the test). */
const LEFT_AT_DEFAULT = Object.freeze(['LoadBrowserProcessSpecificV8Snapshot', 'WasmTrapHandlers']);

/**
 * The @electron/fuses config for `flipFuses`.
 * @param {{ FuseVersion: { V1: string }, FuseV1Options: Record<string, number | string> }} fuses the @electron/fuses module
 * @param {{ resetAdHocDarwinSignature?: boolean }} [options]
 */
function fuseConfig(fuses, options = {}) {
  /** @type {Record<string, unknown>} */
  const config = { version: fuses.FuseVersion.V1, resetAdHocDarwinSignature: options.resetAdHocDarwinSignature === true };
  for (const [name, enabled] of Object.entries(FUSES)) {
    const index = fuses.FuseV1Options[name];
    if (typeof index !== 'number') throw new Error(`@electron/fuses has no fuse named ${name}`);
    config[index] = enabled;
  }
  return config;
}

module.exports = { FUSES, LEFT_AT_DEFAULT, fuseConfig };
