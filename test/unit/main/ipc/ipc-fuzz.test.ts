import { describe, expect, it } from 'vitest';
import { invokeChannels, type InvokeChannel } from '../../../../shared/ipc/contract.js';
import type { AppCore } from '../../../../main/core/app-core.types.js';
import { ipcHandlers } from '../../../../main/ipc/handlers.js';
import { createIpcDispatcher } from '../../../../main/ipc/ipc-wrapper.js';
import { isTrustedFrame, type FrameSender } from '../../../../main/security/app-origin.js';
import { TRUSTED, VALID_ARGS, spyTable } from './ipc-test-kit.js';

/**
 * Thousands of random argument shapes to every channel: everything must come back as an IpcResult
 * (serialisable, ok true/false with a known code), nothing may throw, hang or pollute prototypes,
 * and a handler only ever sees an argument its schema accepts.
 */

const channels = Object.keys(invokeChannels) as InvokeChannel[];
const ROUNDS_PER_CHANNEL = 250;
const CODES = new Set(['bad-request', 'forbidden-sender', 'unknown-channel', 'unknown']);

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

function generator(seed: number) {
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

function assertIpcResult(result: unknown): void {
  expect(typeof result).toBe('object');
  const r = result as { ok: unknown; code?: unknown; message?: unknown };
  if (r.ok === true) return;
  expect(r.ok).toBe(false);
  expect(typeof r.message).toBe('string');
  expect(CODES.has(r.code as string), `code ${String(r.code)}`).toBe(true);
  expect((r.message as string).length).toBeLessThan(1000);
  expect(() => JSON.stringify(result)).not.toThrow();
}

describe('IPC fuzz', () => {
  it('spy table: every random shape to every channel is answered; handlers see only schema-valid arguments', async () => {
    const { table, calls } = spyTable();
    const dispatcher = createIpcDispatcher(table, {}, { isTrustedSender: (s: FrameSender) => isTrustedFrame(s) });
    const gen = generator(0x5eed);
    let answered = 0;
    let accepted = 0;
    for (const channel of channels) {
      for (let round = 0; round < ROUNDS_PER_CHANNEL; round++) {
        const sender = gen.rnd() < 0.1 ? gen.pick<FrameSender | undefined>([undefined, { origin: 'https://evil.example', isMainFrame: true }, { origin: 'app://jit-vault', isMainFrame: false }]) : TRUSTED;
        const target: unknown = gen.rnd() < 0.05 ? gen.pick([`${channel}x`, '__proto__', 42, null]) : channel;
        const before = calls.length;
        const result = await dispatcher.dispatch(target, gen.arg(channel), sender as FrameSender);
        assertIpcResult(result);
        answered++;
        if (result.ok) {
          accepted++;
          expect(calls.length).toBe(before + 1);
          const seen = calls.at(-1)!;
          expect(seen.channel).toBe(channel);
          // What the handler received is exactly what the schema produces: re-parsing succeeds.
          expect(invokeChannels[channel].input.safeParse(seen.args).success).toBe(true);
        } else {
          expect(calls.length).toBe(before);
        }
      }
    }
    expect(answered).toBe(channels.length * ROUNDS_PER_CHANNEL);
    // The mutations keep a share valid, so handlers are really exercised, not only the rejections.
    expect(accepted).toBeGreaterThan(channels.length * 10);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('real handler table over a core whose every service throws: still only IpcResults', async () => {
    // A core where touching anything throws a plain Error (a bug, as far as the dispatcher knows).
    const hostileCore: AppCore = new Proxy({} as AppCore, {
      get(_target, property) {
        if (property === 'then') return undefined;
        throw new Error(`core.${String(property)} exploded`);
      },
    });
    const dispatcher = createIpcDispatcher(ipcHandlers, hostileCore, { isTrustedSender: () => true });
    const gen = generator(0xc0ffee);
    for (const channel of channels) {
      for (let round = 0; round < 40; round++) {
        const result = await dispatcher.dispatch(channel, gen.arg(channel), {});
        assertIpcResult(result);
        if (!result.ok) expect(result.message).not.toContain('exploded');
      }
      // A valid argument reaches the handler, which hits the core and fails as 'unknown' (never a throw).
      const valid = await dispatcher.dispatch(channel, VALID_ARGS[channel], {});
      expect(valid).toMatchObject({ ok: false, code: 'unknown' });
    }
  });
});
