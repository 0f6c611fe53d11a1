import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { parseBinding, readEnvFile } from '../../../cli/env-file.js';
import { EXIT, exitCodeFor } from '../../../cli/exit-codes.js';
import { formatKvRef, parseKvRef } from '../../../cli/kv-ref.js';
import { MASK, OutputMasker } from '../../../cli/output-masker.js';

const dir = mkdtempSync(join(tmpdir(), 'jit-vault-cli-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kv:// references', () => {
  it('parses vault, secret and an optional 32-hex version', () => {
    expect(parseKvRef('kv://kv-contoso-servers/dc01-administrator')).toEqual({ vault: 'kv-contoso-servers', name: 'dc01-administrator' });
    const version = 'a'.repeat(32);
    expect(parseKvRef(`kv://kv-a1/s/${version}`)).toEqual({ vault: 'kv-a1', name: 's', version });
    expect(formatKvRef({ vault: 'kv-a1', name: 's', version })).toBe(`kv://kv-a1/s/${version}`);
  });

  it.each([
    ['https://kv.vault.azure.net/secrets/x', /not a kv:\/\/ reference/],
    ['kv://kv-a1', /not a complete/],
    ['kv://kv-a1//x', /not a complete/],
    ['kv://kv-a1/x/y/z', /not a complete/],
    ['kv://1kv/x', /not a Key Vault name/],
    ['kv://kv-a1/under_score', /not a secret name/],
    ['kv://kv-a1/x/123', /not a secret version/],
  ])('refuses %s with a usage error', (text, message) => {
    expect(() => parseKvRef(text)).toThrow(message);
    try {
      parseKvRef(text);
    } catch (error) {
      expect((error as { exitCode: number }).exitCode).toBe(EXIT.usage);
    }
  });
});

describe('env bindings and env files', () => {
  it('--env takes NAME=kv://… only', () => {
    expect(parseBinding('PASS=kv://kv-a1/s', '--env #1')).toEqual({ name: 'PASS', ref: { vault: 'kv-a1', name: 's' } });
    expect(() => parseBinding('PASS=plain', '--env #1')).toThrow(/must be a kv:\/\/ reference/);
    expect(() => parseBinding('1X=kv://kv-a1/s', '--env #1')).toThrow(/not a valid environment variable name/);
  });

  it('an env file allows comments, blank lines, export and quoted literals, and reports every bad line by number', () => {
    const good = join(dir, 'good.env');
    writeFileSync(good, '# c\n\nexport A=kv://kv-a1/s\nB="two words"\r\nC=plain\n');
    expect(readEnvFile(good)).toEqual([
      { name: 'A', ref: { vault: 'kv-a1', name: 's' } },
      { name: 'B', literal: 'two words' },
      { name: 'C', literal: 'plain' },
    ]);
    const bad = join(dir, 'bad.env');
    writeFileSync(bad, 'A=kv://kv-a1/s\nnope\nB=kv://kv-a1\n');
    expect(() => readEnvFile(bad)).toThrow(/2 bad lines:[\s\S]*bad\.env:2:[\s\S]*bad\.env:3:/);
    expect(() => readEnvFile(join(dir, 'missing.env'))).toThrow(/Cannot read the env file .*ENOENT/);
  });
});

describe('OutputMasker', () => {
  async function mask(values: string[], chunks: (string | Buffer)[]): Promise<{ out: string; pieces: string[] }> {
    const masker = new OutputMasker(values);
    const source = new PassThrough();
    source.pipe(masker);
    const pieces: string[] = [];
    masker.on('data', (c: Buffer) => pieces.push(c.toString()));
    const done = new Promise((resolve) => masker.on('end', resolve));
    for (const chunk of chunks) source.write(chunk);
    source.end();
    await done;
    return { out: pieces.join(''), pieces };
  }

  it('masks values, also when a value is split across chunks, and keeps everything else', async () => {
    const { out } = await mask(['Sup3r-Secret!'], ['user=admin pass=Sup3r', '-Sec', 'ret! done\n', 'again Sup3r-Secret!']);
    expect(out).toBe(`user=admin pass=${MASK} done\nagain ${MASK}`);
  });

  it('holds back only what could still become a value (ordinary output flows at once)', async () => {
    const { pieces } = await mask(['Sup3r-Secret!'], ['hello\n', 'world S']);
    expect(pieces[0]).toBe('hello\n');
    expect(pieces.join('')).toBe('hello\nworld S');
  });

  it('masks the longer of two overlapping values whole, does not split multi-byte characters, ignores 1-2 character values', async () => {
    const euro = Buffer.from('€uro-pass-€€');
    const { out } = await mask(['pass-€€', '€uro-pass-€€', 'ab'], [euro.subarray(0, 2), euro.subarray(2), Buffer.from(' ab')]);
    expect(out).toBe(`${MASK} ab`);
  });
});

describe('exit codes', () => {
  it('maps the app\'s error codes onto the documented exit codes', () => {
    expect(exitCodeFor('vault-locked')).toBe(4);
    expect(exitCodeFor('vault-forbidden-rbac')).toBe(5);
    expect(exitCodeFor('pim-denied')).toBe(5);
    expect(exitCodeFor('vault-not-found')).toBe(6);
    expect(exitCodeFor('network')).toBe(7);
    expect(exitCodeFor('vault-throttled')).toBe(7);
    expect(exitCodeFor('not-signed-in')).toBe(3);
    expect(exitCodeFor('keychain-unavailable')).toBe(3);
    expect(exitCodeFor('pim-policy')).toBe(2);
    expect(exitCodeFor('unknown')).toBe(1);
  });
});
