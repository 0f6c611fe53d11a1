import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain .mjs script module, typed by its JSDoc only
import { checkPackage, readPackageInputs } from '../../scripts/lib/package-checks.mjs';

/** `npm run check:package` passes on the repository and catches each packaging defect it is for. */
const repo = join(import.meta.dirname, '..', '..');
const read = () => readPackageInputs(repo, createRequire(import.meta.url));

describe('check:package', () => {
  it('finds nothing wrong with the committed config', () => {
    expect(checkPackage(read())).toEqual([]);
  });

  it.each([
    ['an AppImage target (aborts on Ubuntu ≥ 23.10)', (i: ReturnType<typeof read>) => i.config.linux.target.push('AppImage'), /AppImage: it aborts/],
    ['a deb without the AppArmor profile', (i: ReturnType<typeof read>) => delete i.config.deb.appArmorProfile, /deb\.appArmorProfile/],
    ['the MSAL runtime left inside the asar', (i: ReturnType<typeof read>) => (i.config.asarUnpack = ['**/*.node']), /msal-node-runtime/],
    ['an architecture with no keychain binding', (i: ReturnType<typeof read>) => i.config.win.target[0].arch.push('ia32'), /win32\/ia32, which build\/targets\.cjs does not list/],
    ['a binding the release workflow does not install', (i: ReturnType<typeof read>) => (i.workflow = i.workflow.replace('@napi-rs/keyring-darwin-x64', '')), /does not install @napi-rs\/keyring-darwin-x64/],
    ['a desktopName that does not match the app', (i: ReturnType<typeof read>) => (i.pkg.desktopName = 'jit-vault.desktop'), /desktopName/],
    ['an appId that is not the AppUserModelID', (i: ReturnType<typeof read>) => (i.config.appId = 'com.example.other'), /AppUserModelID/],
    ['a one-click per-user-only installer', (i: ReturnType<typeof read>) => (i.config.nsis.oneClick = true), /per machine/],
    ['a Dock icon for the tray app', (i: ReturnType<typeof read>) => delete i.config.mac.extendInfo.LSUIElement, /LSUIElement/],
    ['no fuse hook', (i: ReturnType<typeof read>) => delete i.config.afterPack, /fuses/],
  ])('catches %s', (_name, breakIt, message) => {
    const inputs = structuredClone(read());
    breakIt(inputs);
    expect(checkPackage(inputs).join('\n')).toMatch(message);
  });
});
