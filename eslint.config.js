// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { layers } from './scripts/eslint-layer-zones.js';

const nodeBuiltins = ['fs', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'tls', 'url', 'util', 'stream', 'events', 'worker_threads'];

/**
 * The layer graph (VS Code's layer rule, as import zones): who may not import whom. Services depend
 * on ports only; the IPC layer talks to the core, never to Electron's platform adapters; shared code
 * is imported by every process and imports none of them; the renderer reaches main only through the
 * preload bridge; nothing in the app proper imports the sandbox (demo mode starts it from
 * main/platform, the preview from main/preview: they are the only doors). test/unit/lint proves a
 * wrong import fails.
 */
export const layerZones = [
  {
    target: 'main/services/',
    from: ['main/core/', 'main/ipc/', 'main/platform/', 'main/preview/', 'main/index.ts', 'sandbox/'],
    message: 'services depend on ports (main/services/ports), not on the core, IPC, platform, preview or sandbox.',
  },
  { target: 'main/adapters/', from: ['main/core/', 'main/ipc/', 'main/platform/', 'main/preview/', 'main/index.ts', 'sandbox/'], message: 'adapters implement ports; they know nothing of the layers above.' },
  { target: 'main/core/', from: ['main/ipc/', 'main/platform/', 'main/preview/', 'main/index.ts', 'sandbox/'], message: 'the core is built from ports; the platform and IPC layers wrap it, not the reverse.' },
  { target: 'main/ipc/', from: ['main/platform/', 'main/preview/', 'main/index.ts', 'sandbox/'], message: 'IPC handlers call the core; Electron stays behind main/platform.' },
  { target: 'main/security/', from: ['main/core/', 'main/ipc/', 'main/platform/', 'main/preview/', 'main/services/', 'main/index.ts', 'sandbox/'], message: 'security checks are pure functions every layer may use; they import none of them.' },
  { target: 'shared/', from: ['main/', 'preload/', 'renderer/', 'sandbox/'], message: 'shared code is imported by every process and imports none of them.' },
  { target: 'renderer/', from: ['main/', 'preload/', 'sandbox/'], message: 'the renderer reaches main only through the preload bridge (shared/ipc).' },
  { target: 'preload/', from: ['main/', 'renderer/', 'sandbox/'], message: 'the preload builds the bridge from shared/ipc only.' },
  { target: 'sandbox/', from: ['main/', 'preload/', 'renderer/'], message: 'the sandbox plays Microsoft; it knows nothing of the app.' },
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', '.sandbox-state/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { layers },
    rules: {
      'layers/zones': ['error', { zones: layerZones }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      // Layer rule (VS Code's): only main/platform and preload may import electron.
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only main/platform and preload import electron; depend on a port instead.' }] }],
    },
  },
  {
    // One event style (the TypedEmitter model): a subscription names its event, `on('locked', listener)`.
    // A method or port member called on/onX whose only parameter is a callback is the bare style it replaced.
    files: ['main/**', 'cli/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...[
          "MethodDefinition[key.name=/^on([A-Z]|$)/][value.params.length=1][value.params.0.typeAnnotation.typeAnnotation.type='TSFunctionType']",
          "TSMethodSignature[key.name=/^on([A-Z]|$)/][params.length=1][params.0.typeAnnotation.typeAnnotation.type='TSFunctionType']",
        ].map((selector) => ({ selector, message: "Subscriptions name their event: on('name', listener) through a TypedEmitter (main/services/events/typed-emitter.ts), not a bare on(listener)." })),
      ],
    },
  },
  {
    files: ['main/platform/**', 'preload/**', 'test/unit/main/platform/**', 'test/shell/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // The renderer is sandboxed: no Node, no Azure SDKs, no electron. It talks to the bridge only.
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer talks only to the preload bridge.' }, ...nodeBuiltins.map((name) => ({ name, message: 'No Node in the renderer.' }))],
          patterns: [
            { group: ['node:*'], message: 'No Node in the renderer.' },
            { group: ['@azure/*', '@microsoft/microsoft-graph-client', '@napi-rs/*'], message: 'Azure SDKs and native modules stay in main.' },
          ],
        },
      ],
    },
  },
);
