import { describe, expect, it } from 'vitest';
import { invokeChannels, type InvokeChannel } from '../../../../shared/ipc/contract.js';
import type { AppCore } from '../../../../main/core/app-core.types.js';
import { ipcHandlers } from '../../../../main/ipc/handlers.js';
import { createIpcDispatcher } from '../../../../main/ipc/ipc-wrapper.js';
import { isTrustedFrame, type FrameSender } from '../../../../main/security/app-origin.js';
import { TRUSTED, VALID_ARGS, spyTable } from './ipc-test-kit.js';
import { assertIpcResult, generator } from './ipc-fuzz-kit.js';

/**
 * Thousands of random argument shapes to every channel: everything must come back as an IpcResult
 * (serialisable, ok true/false with a known code), nothing may throw, hang or pollute prototypes,
 * and a handler only ever sees an argument its schema accepts.
 */

const channels = Object.keys(invokeChannels) as InvokeChannel[];
const ROUNDS_PER_CHANNEL = 250;

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
