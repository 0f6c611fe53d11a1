// @ts-check
/**
 * electron-builder configuration (data; tested by test/security/builder-config.test.ts — packaging
 * itself needs the Electron download, which this CI cannot do).
 *   npx electron-builder --config build/electron-builder.config.cjs [--win|--mac|--linux]
 * after `npm run build` (out/main, out/preload, out/renderer).
 *
 * @type {import('app-builder-lib').Configuration}
 */
const config = {
  appId: 'io.github.jit-vault.desktop',
  productName: 'JIT Vault',
  executableName: 'jit-vault',
  copyright: 'Copyright © JIT Vault contributors',
  directories: { output: 'dist', buildResources: 'build' },
  // The bundles only; production dependencies are added by electron-builder. No sources, maps or tests.
  files: ['out/**/*', 'package.json', '!**/*.map', '!**/*.ts'],
  // Demo mode's sandbox seed (main/index.ts reads it from process.resourcesPath).
  extraResources: [{ from: 'sandbox/seed/demo.json', to: 'demo-seed.json' }],
  asar: true,
  // Native keychain binding: a .node file must be on disk to be loaded.
  asarUnpack: ['**/*.node'],
  // Fuses (checklist #19) are flipped by this hook, before signing.
  afterPack: './build/after-pack.cjs',
  // No publish target, no auto-update channel: releases are distributed by the organisation.
  publish: null,
  win: {
    target: [{ target: 'nsis', arch: ['x64', 'arm64'] }],
    icon: 'build/icons/icon.png',
  },
  nsis: {
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
    createDesktopShortcut: false,
    createStartMenuShortcut: true,
    deleteAppDataOnUninstall: false,
  },
  mac: {
    target: [{ target: 'dmg', arch: ['x64', 'arm64'] }],
    category: 'public.app-category.utilities',
    icon: 'build/icons/icon.png',
    hardenedRuntime: true,
    gatekeeperAssess: false,
    entitlements: 'build/entitlements.mac.plist',
    entitlementsInherit: 'build/entitlements.mac.plist',
    // Notification buttons (Extend) appear only for alert-style notifications.
    extendInfo: { NSUserNotificationAlertStyle: 'alert' },
  },
  dmg: { sign: false },
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Utility',
    icon: 'build/icons/icon.png',
    maintainer: 'JIT Vault contributors',
    synopsis: 'Just-in-time access to Azure Key Vault secrets through Entra PIM for Groups',
  },
  deb: {
    // The Secret Service client library (keychain for refresh tokens) and a notification daemon client.
    depends: ['libsecret-1-0', 'libnotify4', 'libnss3', 'libxss1', 'libxtst6', 'xdg-utils', 'libatspi2.0-0', 'libuuid1', 'libgtk-3-0'],
  },
};

module.exports = config;
