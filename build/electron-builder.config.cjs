// @ts-check
/* eslint-disable @typescript-eslint/no-require-imports -- electron-builder loads its config as CommonJS */
/**
 * electron-builder configuration (data; tested by test/security/builder-config.test.ts — packaging
 * itself needs the Electron download, which this CI cannot do).
 *   npx electron-builder --config build/electron-builder.config.cjs [--win|--mac|--linux]
 * after `npm run build` (out/main, out/preload, out/renderer).
 *
 * @type {import('app-builder-lib').Configuration}
 */
const { archesOf } = require('./targets.cjs');

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
  // Native code must be on disk to be loaded: the keychain binding (.node) and the MSAL runtime the
  // broker's .node loads from beside it (msalruntime*.dll, libmsalruntime_*.dylib).
  asarUnpack: ['**/*.node', '**/node_modules/@azure/msal-node-runtime/dist/**'],
  // Fuses (checklist #19) are flipped by this hook, before signing.
  afterPack: './build/after-pack.cjs',
  // No publish target, no auto-update channel: releases are distributed by the organisation.
  publish: null,
  win: {
    target: [{ target: 'nsis', arch: archesOf('win32') }],
    icon: 'build/icons/icon.png',
  },
  nsis: {
    oneClick: false,
    // Assisted installer with the per-user / per-machine choice; managed fleets install for all users
    // silently with `/S /allusers` (electron-builder NSIS). The installer also writes the Start-menu
    // shortcut carrying the AppUserModelID notifications need.
    perMachine: false,
    allowElevation: true,
    allowToChangeInstallationDirectory: true,
    createDesktopShortcut: false,
    createStartMenuShortcut: true,
    deleteAppDataOnUninstall: false,
  },
  mac: {
    target: [{ target: 'dmg', arch: archesOf('darwin') }],
    category: 'public.app-category.utilities',
    icon: 'build/icons/icon.png',
    hardenedRuntime: true,
    gatekeeperAssess: false,
    entitlements: 'build/entitlements.mac.plist',
    entitlementsInherit: 'build/entitlements.mac.plist',
    // Notification buttons (Extend) appear only for alert-style notifications. LSUIElement: a tray
    // (agent) app — no Dock icon, no app menu (https://developer.apple.com/documentation/bundleresources/information-property-list/lsuielement).
    extendInfo: { NSUserNotificationAlertStyle: 'alert', LSUIElement: true },
  },
  dmg: { sign: false },
  linux: {
    // deb and rpm only: an AppImage aborts on Ubuntu ≥ 23.10 (its chrome-sandbox cannot be SUID on the
    // FUSE mount and no AppArmor profile can name its random path — electron/electron#42510,
    // electron-userland/electron-builder#8440). The packages install to a fixed path with the profile below.
    target: [
      { target: 'deb', arch: archesOf('linux') },
      { target: 'rpm', arch: archesOf('linux') },
    ],
    // The installed .desktop file is named after package.json "desktopName": the Wayland app_id and
    // the identity the GlobalShortcuts portal resolves (main/platform/app-identity.ts DESKTOP_NAME).
    syncDesktopName: true,
    category: 'Utility',
    icon: 'build/icons/icon.png',
    maintainer: 'JIT Vault contributors',
    synopsis: 'Just-in-time access to Azure Key Vault secrets through Entra PIM for Groups',
  },
  deb: {
    // The Secret Service client library (keychain for refresh tokens) and a notification daemon client.
    depends: ['libsecret-1-0', 'libnotify4', 'libnss3', 'libxss1', 'libxtst6', 'xdg-utils', 'libatspi2.0-0', 'libuuid1', 'libgtk-3-0'],
    appArmorProfile: 'build/linux/apparmor-profile',
  },
  rpm: {
    // electron-builder's rpm defaults plus the Secret Service library (Fedora, RHEL, openSUSE).
    depends: ['gtk3', 'libnotify', 'nss', 'libXScrnSaver', '(libXtst or libXtst6)', 'xdg-utils', 'at-spi2-core', '(libuuid or libuuid1)', 'libsecret'],
    appArmorProfile: 'build/linux/apparmor-profile',
  },
};

module.exports = config;
