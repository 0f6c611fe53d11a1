import { expect } from 'vitest';
import type { InvokeChannel } from '../../../../shared/ipc/contract.js';
import { VALID_ARGS } from './ipc-test-kit.js';

/** Shared by the IPC fuzz tests (spy table here, the real core at each lock state in test/integration). */

/** The codes the IPC edge itself answers with (plus 'unknown' for a handler's bug). */
export const CODES = new Set(['bad-request', 'forbidden-sender', 'unknown-channel', 'unknown']);

/** mulberry32: a small seeded PRNG, so a failure reproduces with the same seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIELD_NAMES = ['vault', 'name', 'query', 'limit', 'offset', 'accountId', 'groupId', 'requestId', 'tenantId', 'method', 'url', 'justification', 'durationMinutes', 'ticketNumber', 'thenOpen', 'action', 'favourite', 'tab', 'theme', 'revealSeconds', '__proto__', 'constructor', 'prototype', 'toString', ''];

/** Sets an OWN property (as JSON.parse and structured clone do), even for "__proto__". */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A seeded generator of hostile arguments: random shapes, or a valid argument with one field changed. */
export function generator(seed: number) {
  const rnd = prng(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const string = (): string =>
    pick([
      () => '',
      () => 'x'.repeat(int(400)),
      () => 'A'.repeat(100_000 + int(200_000)),
      () => String.fromCharCode(...Array.from({ length: int(40) }, () => int(0xffff))),
      () => '__proto__',
      () => 'https://portal.azure.com/' + 'a'.repeat(int(3000)),
      () => 'javascript:alert(1)',
      () => pick(FIELD_NAMES),
      () => '../../etc/passwd',
      () => '\u0000\ud800',
    ])();
  const number = (): number => pick([0, -0, 1, -1, 5, 60, 1440, 1e9, -1e9, 2.5, Number.NaN, Infinity, -Infinity, Number.MAX_SAFE_INTEGER, Number.MIN_VALUE, int(2000)]);
  const value = (depth: number): unknown => {
    const kinds = depth > 6 ? ['string', 'number', 'bool', 'null', 'undefined'] : ['string', 'number', 'bool', 'null', 'undefined', 'array', 'object', 'object', 'nullproto', 'getter', 'deep'];
    switch (pick(kinds)) {
      case 'string':
        return string();
      case 'number':
        return number();
      case 'bool':
        return rnd() < 0.5;
      case 'null':
        return null;
      case 'undefined':
        return undefined;
      case 'array':
        return Array.from({ length: int(6) }, () => value(depth + 1));
      case 'nullproto': {
        const o = Object.create(null) as Record<string, unknown>;
        define(o, pick(FIELD_NAMES), value(depth + 1));
        return o;
      }
      case 'getter': {
        const o: Record<string, unknown> = {};
        Object.defineProperty(o, pick(FIELD_NAMES) || 'vault', {
          enumerable: true,
          get() {
            throw new Error('getter exploded');
          },
        });
        return o;
      }
      case 'deep': {
        let nested: unknown = string();
        for (let i = 0; i < 200; i++) nested = { thenOpen: nested, vault: [nested] };
        return nested;
      }
      default: {
        // Own "__proto__" keys as JSON.parse creates them (the WebSocket transport's input).
        if (rnd() < 0.2) return JSON.parse(`{"__proto__": {"polluted": true}, "${pick(['vault', 'name', 'query'])}": ${JSON.stringify(string().slice(0, 50))}}`);
        const o: Record<string, unknown> = {};
        for (let i = int(5); i >= 0; i--) define(o, pick(FIELD_NAMES), value(depth + 1));
        return o;
      }
    }
  };
  /** A valid argument with one field replaced, removed or added — reaches deeper into the schemas. */
  const mutate = (channel: InvokeChannel): unknown => {
    const base: Record<string, unknown> = { ...(VALID_ARGS[channel] as Record<string, unknown>) };
    const keys = Object.keys(base);
    const roll = rnd();
    if (roll < 0.4 && keys.length > 0) define(base, pick(keys), value(3));
    else if (roll < 0.6 && keys.length > 0) delete base[pick(keys)];
    else if (roll < 0.8) define(base, pick(FIELD_NAMES), value(3));
    // else: unchanged valid argument
    return base;
  };
  return { arg: (channel: InvokeChannel) => (rnd() < 0.5 ? value(0) : mutate(channel)), rnd, pick };
}

/** The answer is an IpcResult: ok, or a known code with a short message; serialisable. */
export function assertIpcResult(result: unknown, codes: ReadonlySet<string> = CODES): void {
  expect(typeof result).toBe('object');
  const r = result as { ok: unknown; code?: unknown; message?: unknown };
  if (r.ok === true) return;
  expect(r.ok).toBe(false);
  expect(typeof r.message).toBe('string');
  expect(codes.has(r.code as string), `code ${String(r.code)}`).toBe(true);
  expect((r.message as string).length).toBeLessThan(1000);
  expect(() => JSON.stringify(result)).not.toThrow();
}

