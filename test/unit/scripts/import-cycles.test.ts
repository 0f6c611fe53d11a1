import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script without a declaration file
import { findImportCycles } from '../../../scripts/import-cycles.mjs';

type Scan = { cycles: string[][]; files: number };
const scan = findImportCycles as (root: string, folders?: string[]) => Scan;
const root = path.resolve(import.meta.dirname, '../../..');
let temp: string | undefined;

afterEach(() => {
  if (temp) rmSync(temp, { recursive: true, force: true });
  temp = undefined;
});

function tree(files: Record<string, string>): string {
  temp = mkdtempSync(path.join(tmpdir(), 'import-cycles-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(temp, name)), { recursive: true });
    writeFileSync(path.join(temp, name), text);
  }
  return temp;
}

describe('import cycles (scripts/import-cycles.mjs)', () => {
  it('finds none in the app sources', () => {
    const { cycles, files } = scan(root);
    expect(files).toBeGreaterThan(100);
    expect(cycles).toEqual([]);
  });

  it('finds a type-only cycle across a multi-line import, and a dynamic-import cycle', () => {
    const dir = tree({
      'src/a.ts': "import type {\n  B,\n} from './b.js';\nexport type A = B;\n",
      'src/b.ts': "import type { A } from './a.js';\nexport type B = A | 1;\n",
      'src/c.ts': "export const c = () => import('./sub/d.js');\n",
      'src/sub/d.ts': "export { c } from '../c.js';\n",
      'src/e.ts': "import { c } from './c.js';\nexport const e = c;\n",
    });
    expect(scan(dir, ['src']).cycles.sort((x, y) => x[0]!.localeCompare(y[0]!))).toEqual([
      ['src/a.ts', 'src/b.ts'],
      ['src/c.ts', 'src/sub/d.ts'],
    ]);
  });
});
