import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY } from './shared/csp.js';

const root = import.meta.dirname;

/** Puts the CSP from shared/csp.ts into index.html as a meta tag, so the policy has one source. */
function contentSecurityPolicyMeta(policy: string): Plugin {
  return {
    name: 'jit-vault:csp-meta',
    transformIndexHtml: {
      order: 'pre',
      handler: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: policy }, injectTo: 'head-prepend' }],
    },
  };
}

/**
 * `npm run build` → out/main (ESM), out/preload (CommonJS), out/renderer (static files).
 * Works without the Electron binary: electron-vite only reads electron's package.json.
 */
export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      rolldownOptions: { input: { index: resolve(root, 'main/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      rolldownOptions: {
        input: { index: resolve(root, 'preload/index.ts') },
        // A sandboxed preload cannot load ES modules: one CommonJS file, `.cjs` because the package is "type": "module".
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    plugins: [react(), contentSecurityPolicyMeta(CONTENT_SECURITY_POLICY)],
    build: {
      outDir: resolve(root, 'out/renderer'),
      rolldownOptions: { input: { index: resolve(root, 'renderer/index.html') } },
    },
  },
});
