import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const repo = join(import.meta.dirname, '..', '..');
// The real file electron-builder reads (Bitwarden's electron-builder-config.spec pattern).
const config = require('../../build/electron-builder.config.cjs') as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { main: string };

const targets = (platform: string) => (config[platform].target as (string | { target: string })[]).map((t) => (typeof t === 'string' ? t : t.target));

describe('electron-builder config', () => {
  it('builds NSIS for Windows, dmg for macOS, deb and rpm for Linux (no AppImage: it aborts on Ubuntu ≥ 23.10)', () => {
    expect(targets('win')).toEqual(['nsis']);
    expect(targets('mac')).toEqual(['dmg']);
    expect(targets('linux').sort()).toEqual(['deb', 'rpm']);
  });

  it('macOS: hardened runtime with the minimal entitlements file', () => {
    expect(config.mac.hardenedRuntime).toBe(true);
    for (const key of ['entitlements', 'entitlementsInherit']) {
      const file = join(repo, config.mac[key] as string);
      expect(existsSync(file), key).toBe(true);
      const plist = readFileSync(file, 'utf8').replace(/<!--[\s\S]*?-->/g, '');
      expect([...plist.matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1])).toEqual(['com.apple.security.cs.allow-jit']);
    }
  });

  it('packs the app into an asar, with fuses flipped by the afterPack hook before signing', () => {
    expect(config.asar).toBe(true);
    expect(config.afterPack).toBe('./build/after-pack.cjs');
    expect(existsSync(join(repo, config.afterPack as string))).toBe(true);
    // One mechanism only: electron-builder's own electronFuses would flip a second, possibly different, map.
    expect(config.electronFuses).toBeUndefined();
  });

  it('ships only the built bundles (no sources, maps or tests) and the demo seed the app looks for', () => {
    expect(config.files).toEqual(expect.arrayContaining(['out/**/*', 'package.json', '!**/*.map', '!**/*.ts']));
    expect(config.files.some((f: string) => /^(main|renderer|sandbox|test|src)\//.test(f))).toBe(false);
    expect(pkg.main.startsWith('out/')).toBe(true);
    expect(config.extraResources).toEqual([{ from: 'sandbox/seed/demo.json', to: 'demo-seed.json' }]);
    expect(existsSync(join(repo, 'sandbox/seed/demo.json'))).toBe(true);
    // main/main-process.ts reads exactly that name from process.resourcesPath when packaged.
    expect(readFileSync(join(repo, 'main/main-process.ts'), 'utf8')).toContain("join(process.resourcesPath, 'demo-seed.json')");
  });

  it('has an icon for every platform that exists and is a large enough PNG', () => {
    for (const platform of ['win', 'mac', 'linux']) {
      const icon = readFileSync(join(repo, config[platform].icon as string));
      expect(icon.subarray(1, 4).toString('ascii'), platform).toBe('PNG');
      expect(icon.readUInt32BE(16), platform).toBeGreaterThanOrEqual(256); // width (electron-builder needs ≥ 256 for .ico/.icns)
    }
  });

  it('publishes nowhere and needs no elevation to install', () => {
    expect(config.publish).toBeNull();
    expect(config.nsis.perMachine).toBe(false);
    expect(config.nsis.oneClick).toBe(false);
  });

  it('lets macOS show the Extend button on notifications', () => {
    expect(config.mac.extendInfo).toMatchObject({ NSUserNotificationAlertStyle: 'alert' });
  });
});
