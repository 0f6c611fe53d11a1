#!/usr/bin/env node
// Import-cycle check (a small madge): reads every .ts/.tsx file under the source folders, follows
// relative `import … from`, `export … from`, `import type` and dynamic `import('…')` specifiers
// (type-only imports count: they still tie two files' designs together), and prints every strongly
// connected component of more than one file, or a file importing itself. Exits 1 on any cycle.
// No packages: plain regexes over the text, which is enough for our own import style.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The source folders the app is built from (tests and bench may share helpers freely). */
export const SOURCE_FOLDERS = ['main', 'shared', 'preload', 'renderer', 'sandbox'];

/** Every .ts/.tsx file below `dir`. */
function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

const specifierPattern = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;

/** The file a relative specifier names (`./x.js` → `./x.ts`), or undefined. */
function resolveSpecifier(from, specifier) {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(from), specifier);
  const stem = base.replace(/\.(js|jsx|mjs)$/, '');
  for (const candidate of [base, `${stem}.ts`, `${stem}.tsx`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/**
 * The import cycles among the .ts/.tsx files below `folders` (relative to `root`): each cycle is
 * the sorted list of its files, repository-relative. Also returns how many files were read.
 * @param {string} root
 * @param {string[]} folders
 * @returns {{ cycles: string[][], files: number }}
 */
export function findImportCycles(root, folders = SOURCE_FOLDERS) {
  const files = folders.map((f) => resolve(root, f)).filter((f) => existsSync(f)).flatMap((f) => walk(f));
  /** @type {Map<string, string[]>} */
  const graph = new Map();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const edges = [];
    for (const match of text.matchAll(specifierPattern)) {
      const target = resolveSpecifier(file, match[1] ?? match[2]);
      if (target) edges.push(target);
    }
    graph.set(file, edges);
  }

  // Tarjan's strongly connected components.
  let index = 0;
  const indices = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const cycles = [];
  function connect(node) {
    indices.set(node, index);
    low.set(node, index);
    index += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indices.has(next)) {
        if (!graph.has(next)) continue;
        connect(next);
        low.set(node, Math.min(low.get(node), low.get(next)));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node), indices.get(next)));
      }
    }
    if (low.get(node) === indices.get(node)) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      const selfLoop = component.length === 1 && (graph.get(node) ?? []).includes(node);
      if (component.length > 1 || selfLoop) cycles.push(component.map((f) => relative(root, f)).sort());
    }
  }
  for (const node of graph.keys()) if (!indices.has(node)) connect(node);
  return { cycles, files: files.length };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const { cycles, files: count } = findImportCycles(root, process.argv.length > 2 ? process.argv.slice(2) : SOURCE_FOLDERS);
  if (cycles.length === 0) {
    console.log(`no import cycles in ${count} files`);
  } else {
    for (const cycle of cycles) console.log(`cycle: ${cycle.join(' ↔ ')}`);
    console.log(`${cycles.length} import cycle(s) in ${count} files`);
    process.exitCode = 1;
  }
}
