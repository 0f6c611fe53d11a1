// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['fs', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'tls', 'url', 'util', 'stream', 'events', 'worker_threads'];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', '.sandbox-state/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      // Layer rule (VS Code's): only main/platform and preload may import electron.
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only main/platform and preload import electron; depend on a port instead.' }] }],
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
