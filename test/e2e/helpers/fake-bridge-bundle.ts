import { resolve } from 'node:path';
import { build, type Rolldown } from 'vite';

/** Bundles test/e2e/browser/fake-bridge-entry.ts (and the fake bridge it imports) into one IIFE script. */
export async function bundleFakeBridge(): Promise<string> {
  const output = (await build({
    configFile: false,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
    build: {
      write: false,
      minify: false,
      lib: { entry: resolve(import.meta.dirname, '../browser/fake-bridge-entry.ts'), formats: ['iife'], name: 'JitVaultFakeBridge' },
    },
  })) as Rolldown.RolldownOutput | Rolldown.RolldownOutput[];
  const first = Array.isArray(output) ? output[0]! : output;
  const chunk = first.output.find((file) => file.type === 'chunk');
  if (!chunk || chunk.type !== 'chunk') throw new Error('fake bridge bundle produced no chunk');
  return chunk.code;
}
