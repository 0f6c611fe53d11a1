// @ts-check
/**
 * Every package JIT Vault ships, with the native keychain binding each needs. @napi-rs/keyring's
 * binary comes from one optional package per platform/arch, and npm installs only the build
 * machine's own, so electron-builder would pack a binding for the build machine's architecture only
 * (the app then runs in memory-only mode elsewhere). The release workflow therefore installs each
 * target's binding package explicitly before packaging (.github/workflows/desktop.yml, "Install
 * every target's keychain binding"); `npm run check:package` checks this table against the
 * builder config, package-lock.json and the workflow.
 */
const TARGETS = Object.freeze([
  { platform: 'win32', arch: 'x64', keyring: '@napi-rs/keyring-win32-x64-msvc' },
  { platform: 'win32', arch: 'arm64', keyring: '@napi-rs/keyring-win32-arm64-msvc' },
  { platform: 'darwin', arch: 'x64', keyring: '@napi-rs/keyring-darwin-x64' },
  { platform: 'darwin', arch: 'arm64', keyring: '@napi-rs/keyring-darwin-arm64' },
  { platform: 'linux', arch: 'x64', keyring: '@napi-rs/keyring-linux-x64-gnu' },
  { platform: 'linux', arch: 'arm64', keyring: '@napi-rs/keyring-linux-arm64-gnu' },
]);

/** @param {string} platform */
function archesOf(platform) {
  return TARGETS.filter((t) => t.platform === platform).map((t) => t.arch);
}

module.exports = { TARGETS, archesOf };
