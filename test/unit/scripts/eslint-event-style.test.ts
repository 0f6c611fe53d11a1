import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The one event style as `npm run lint` enforces it (eslint.config.js, no-restricted-syntax): a
// subscription in main names its event. Fixtures are linted as if they stood in main/services.
const root = path.resolve(import.meta.dirname, '../../..');
const eslint = new ESLint({ cwd: root });

async function styleErrors(code: string): Promise<number> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, 'main/services/vault/fixture.ts') });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-syntax').length;
}

describe('ESLint: one event style in main', () => {
  it.each([
    ['a bare on(listener) method', 'export class A {\n  on(listener: (e: string) => void): () => void {\n    return () => listener("x");\n  }\n}\n'],
    ['a bare onChange(listener) in a port', 'export interface P {\n  onChange(listener: () => void): () => void;\n}\n'],
  ])('%s fails the lint', async (_label, code) => {
    expect(await styleErrors(code)).toBe(1);
  });

  it.each([
    ['a named subscription', 'export interface P {\n  on(event: "changed", listener: () => void): () => void;\n}\n'],
    ['a handler method named onX that takes data, not a callback', 'export class A {\n  onPowerEvent(event: string): void {\n    void event;\n  }\n}\n'],
  ])('%s passes', async (_label, code) => {
    expect(await styleErrors(code)).toBe(0);
  });
});
