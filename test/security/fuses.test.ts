import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { FuseV1Options, FuseVersion } from '@electron/fuses';

const require = createRequire(import.meta.url);
const { FUSES, LEFT_AT_DEFAULT, fuseConfig } = require('../../build/fuses.cjs') as {
  FUSES: Record<string, boolean>;
  LEFT_AT_DEFAULT: string[];
  fuseConfig: (fuses: unknown, options?: { resetAdHocDarwinSignature?: boolean }) => Record<string, unknown>;
};
const { afterPack, electronBinaryPath } = require('../../build/after-pack.cjs') as {
  afterPack: (context: unknown, fuses?: unknown) => Promise<void>;
  electronBinaryPath: (context: unknown) => string;
};

describe('Electron fuses (checklist #19)', () => {
  it('is exactly the agreed map', () => {
    expect(FUSES).toEqual({
      RunAsNode: false,
      EnableCookieEncryption: true,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
      GrantFileProtocolExtraPrivileges: false,
    });
  });

  it('accounts for every fuse @electron/fuses knows (a new fuse must be decided, not ignored)', () => {
    const known = Object.keys(FuseV1Options).filter((k) => Number.isNaN(Number(k)));
    expect([...Object.keys(FUSES), ...LEFT_AT_DEFAULT].sort()).toEqual(known.sort());
  });

  it('becomes the flipFuses config by fuse index', () => {
    const config = fuseConfig({ FuseVersion, FuseV1Options });
    expect(config).toEqual({
      version: FuseVersion.V1,
      resetAdHocDarwinSignature: false,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    });
  });

  it.each([
    ['win32', 'C:/out/win-unpacked', 'C:/out/win-unpacked/JIT Vault.exe', false],
    ['darwin', '/out/mac-arm64', '/out/mac-arm64/JIT Vault.app', true],
    ['linux', '/out/linux-unpacked', '/out/linux-unpacked/jit-vault', false],
  ])('afterPack flips them on the %s binary (before signing)', async (platform, appOutDir, binary, resetSignature) => {
    const context = { appOutDir, electronPlatformName: platform, packager: { appInfo: { productFilename: 'JIT Vault' }, executableName: 'jit-vault' } };
    const flips: { binary: string; config: Record<string, unknown> }[] = [];
    await afterPack(context, { FuseVersion, FuseV1Options, flipFuses: async (b: string, config: Record<string, unknown>) => void flips.push({ binary: b, config }) });
    expect(flips).toHaveLength(1);
    expect(flips[0]!.binary.replace(/\\/g, '/')).toBe(binary);
    expect(electronBinaryPath(context).replace(/\\/g, '/')).toBe(binary);
    expect(flips[0]!.config).toMatchObject({ [FuseV1Options.RunAsNode]: false, [FuseV1Options.OnlyLoadAppFromAsar]: true, resetAdHocDarwinSignature: resetSignature });
  });
});
