// @ts-check
// `npm run check:package`: the electron-builder config checked for every target without the Electron
// binary (packaging itself runs in .github/workflows/desktop.yml). Pure: takes the parsed inputs,
// returns the problems in words.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * @typedef {{ platform: string, arch: string, keyring: string }} Target
 * @typedef {{ repo: string, config: any, pkg: any, lock: any, workflow: string, targets: readonly Target[], identitySource: string }} PackageInputs
 */

/** @param {string} source @param {string} name */
function constant(source, name) {
  return new RegExp(`export const ${name} = '([^']+)'`).exec(source)?.[1];
}

/** @param {any} entry */
const archOf = (entry) => (typeof entry === 'string' ? [] : (entry.arch ?? []));
/** @param {any} entry */
const nameOf = (entry) => (typeof entry === 'string' ? entry : entry.target);

/** @param {PackageInputs} input @returns {string[]} */
export function checkPackage({ repo, config, pkg, lock, workflow, targets, identitySource }) {
  const problems = [];
  const appId = constant(identitySource, 'APP_ID');
  const desktopName = constant(identitySource, 'DESKTOP_NAME');
  if (config.appId !== appId) problems.push(`appId is ${config.appId}, but main/platform/app-identity.ts APP_ID (the Windows AppUserModelID) is ${appId}.`);
  if (pkg.desktopName !== desktopName) problems.push(`package.json desktopName is ${pkg.desktopName}, but the app uses ${desktopName} (Wayland app_id, shortcut portal).`);
  if (config.linux?.syncDesktopName !== true) problems.push('linux.syncDesktopName must be true so the installed .desktop file matches desktopName.');

  // Every target, and only those, has a binding.
  const built = [
    ...(config.win?.target ?? []).flatMap((/** @type {any} */ t) => archOf(t).map((/** @type {string} */ arch) => `win32/${arch}`)),
    ...(config.mac?.target ?? []).flatMap((/** @type {any} */ t) => archOf(t).map((/** @type {string} */ arch) => `darwin/${arch}`)),
    ...(config.linux?.target ?? []).flatMap((/** @type {any} */ t) => archOf(t).map((/** @type {string} */ arch) => `linux/${arch}`)),
  ];
  const declared = new Set(targets.map((t) => `${t.platform}/${t.arch}`));
  for (const target of new Set(built)) if (!declared.has(target)) problems.push(`The builder config packages ${target}, which build/targets.cjs does not list (no keychain binding would be shipped).`);
  for (const target of declared) if (!built.includes(target)) problems.push(`build/targets.cjs lists ${target}, but no builder target packages it.`);
  const keyringVersion = lock.packages?.['node_modules/@napi-rs/keyring']?.version;
  for (const t of targets) {
    const locked = lock.packages?.[`node_modules/${t.keyring}`];
    if (!locked) problems.push(`${t.keyring} (keychain binding for ${t.platform}/${t.arch}) is not in package-lock.json.`);
    else if (locked.version !== keyringVersion) problems.push(`${t.keyring} is ${locked.version} in package-lock.json, @napi-rs/keyring is ${keyringVersion}.`);
    if (!workflow.includes(t.keyring)) problems.push(`.github/workflows/desktop.yml does not install ${t.keyring}: the ${t.platform}/${t.arch} package would ship without its keychain binding.`);
  }

  // Linux: no target that aborts on current Ubuntu; deb/rpm with the AppArmor profile.
  for (const t of config.linux?.target ?? []) {
    const name = String(nameOf(t)).toLowerCase();
    if (name === 'appimage' || name === 'snap') problems.push(`Linux target ${nameOf(t)}: it aborts on Ubuntu ≥ 23.10 (electron/electron#42510); ship deb and rpm.`);
  }
  for (const kind of ['deb', 'rpm']) {
    if (!(config.linux?.target ?? []).some((/** @type {any} */ t) => nameOf(t) === kind)) problems.push(`No ${kind} target.`);
    const profile = config[kind]?.appArmorProfile;
    if (!profile || !existsSync(join(repo, profile))) problems.push(`${kind}.appArmorProfile must name the AppArmor profile file (Ubuntu 24+ user namespaces).`);
  }

  // Native code unpacked from the asar: the keychain binding and the MSAL runtime beside the broker's .node.
  const unpack = config.asarUnpack ?? [];
  if (!unpack.includes('**/*.node')) problems.push('asarUnpack must cover **/*.node (native bindings cannot load from inside app.asar).');
  if (!unpack.some((/** @type {string} */ p) => p.includes('@azure/msal-node-runtime'))) problems.push('asarUnpack must cover @azure/msal-node-runtime (msalruntime.dll / libmsalruntime_*.dylib beside the broker binding).');

  // Fuses are flipped by the afterPack hook (checklist #19).
  if (config.afterPack !== './build/after-pack.cjs') problems.push('afterPack must be ./build/after-pack.cjs (it flips the fuses before signing).');

  // Windows: assisted installer with the per-user/per-machine choice (fleets: /S /allusers).
  if (config.nsis?.oneClick !== false || config.nsis?.perMachine !== false) problems.push('nsis must be assisted (oneClick: false) with the install-mode choice (perMachine: false) so fleets can install per machine.');
  // macOS: a tray agent without a Dock icon.
  if (config.mac?.extendInfo?.LSUIElement !== true) problems.push('mac.extendInfo.LSUIElement must be true (tray app: no Dock icon).');
  return problems;
}

/** Reads the real inputs from the repository. @param {string} repo @param {(path: string) => any} requireCjs */
export function readPackageInputs(repo, requireCjs) {
  const workflowPath = join(repo, '.github', 'workflows', 'desktop.yml');
  return {
    repo,
    config: requireCjs(join(repo, 'build', 'electron-builder.config.cjs')),
    targets: requireCjs(join(repo, 'build', 'targets.cjs')).TARGETS,
    pkg: JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')),
    lock: JSON.parse(readFileSync(join(repo, 'package-lock.json'), 'utf8')),
    workflow: existsSync(workflowPath) ? readFileSync(workflowPath, 'utf8') : '',
    identitySource: readFileSync(join(repo, 'main', 'platform', 'app-identity.ts'), 'utf8'),
  };
}
