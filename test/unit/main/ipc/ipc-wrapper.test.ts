import { describe, expect, it } from 'vitest';
import { invokeChannels, type InvokeChannel } from '../../../../shared/ipc/contract.js';
import { BadRequestError, createIpcDispatcher } from '../../../../main/ipc/ipc-wrapper.js';
import { APP_ORIGIN, isTrustedFrame, type FrameSender } from '../../../../main/security/app-origin.js';
import { AppError, VaultLockedError } from '../../../../main/services/errors.js';
import { RecordingLogger, TRUSTED, VALID_ARGS, spyTable } from './ipc-test-kit.js';

const channels = Object.keys(invokeChannels) as InvokeChannel[];

function dispatcherWith(answer?: (channel: InvokeChannel, args: unknown) => unknown) {
  const spy = spyTable(answer);
  const logger = new RecordingLogger();
  const dispatcher = createIpcDispatcher(spy.table, {}, { isTrustedSender: (s: FrameSender | null | undefined) => isTrustedFrame(s), logger });
  return { ...spy, logger, dispatcher };
}

describe('IPC dispatcher: trusted calls', () => {
  it('hands every channel its parsed argument (defaults applied) and answers {ok:true}', async () => {
    const { dispatcher, calls } = dispatcherWith((channel) => `answer of ${channel}`);
    for (const channel of channels) {
      const result = await dispatcher.dispatch(channel, VALID_ARGS[channel], TRUSTED);
      expect(result, channel).toEqual({ ok: true, value: `answer of ${channel}` });
    }
    expect(calls.map((c) => c.channel)).toEqual(channels);
    expect(calls.find((c) => c.channel === 'journal:recent')!.args).toEqual({ limit: 10 });
    // `vault:searchPage` without offset and limit gets the schema's defaults.
    await dispatcher.dispatch('vault:searchPage', { query: 'x' }, TRUSTED);
    expect(calls.at(-1)!.args).toEqual({ query: 'x', offset: 0, limit: 100 });
  });

  it('treats a missing argument as {} (channels whose fields are all optional)', async () => {
    const { dispatcher, calls } = dispatcherWith();
    expect(await dispatcher.dispatch('app:getState', undefined, TRUSTED)).toEqual({ ok: true, value: undefined });
    expect(calls).toHaveLength(1);
  });

  it('lists exactly the contract channels', () => {
    expect([...dispatcherWith().dispatcher.channels].sort()).toEqual([...channels].sort());
  });
});

describe('IPC dispatcher: forged senders never reach a handler', () => {
  const forged: [string, unknown][] = [
    ['wrong origin (https)', { origin: 'https://evil.example', isMainFrame: true }],
    ['look-alike origin', { origin: 'app://jit-vault.evil.example', isMainFrame: true }],
    ['other custom scheme', { origin: 'file://', isMainFrame: true }],
    ['our origin with a path suffix', { origin: `${APP_ORIGIN}/`, isMainFrame: true }],
    ['subframe of our origin', { origin: APP_ORIGIN, isMainFrame: false }],
    ['frame without isMainFrame', { origin: APP_ORIGIN }],
    ['frame without origin', { isMainFrame: true }],
    ['missing frame (undefined)', undefined],
    ['missing frame (null)', null],
    ['isMainFrame as a truthy string', { origin: APP_ORIGIN, isMainFrame: 'yes' }],
  ];
  it.each(forged)('%s → forbidden-sender', async (_label, sender) => {
    const { dispatcher, calls } = dispatcherWith();
    for (const channel of channels) {
      const result = await dispatcher.dispatch(channel, VALID_ARGS[channel], sender as FrameSender);
      expect(result).toMatchObject({ ok: false, code: 'forbidden-sender' });
    }
    expect(calls).toHaveLength(0);
  });

  it('a sender check that throws counts as untrusted', async () => {
    const { table, calls } = spyTable();
    const dispatcher = createIpcDispatcher(table, {}, {
      isTrustedSender: () => {
        throw new Error('frame destroyed');
      },
    });
    expect(await dispatcher.dispatch('app:getState', {}, {})).toMatchObject({ ok: false, code: 'forbidden-sender' });
    expect(calls).toHaveLength(0);
  });

  it('an untrusted sender learns nothing about channel names: same answer for known and unknown', async () => {
    const { dispatcher } = dispatcherWith();
    const known = await dispatcher.dispatch('vault:copy', VALID_ARGS['vault:copy'], undefined);
    const unknown = await dispatcher.dispatch('vault:steal', {}, undefined);
    expect(unknown).toEqual(known);
  });
});

describe('IPC dispatcher: unknown channels', () => {
  it.each(['vault:steal', 'vault:copy ', 'VAULT:COPY', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '', 'app', 42, null, undefined, { channel: 'vault:copy' }, ['vault:copy']])(
    '%j → unknown-channel without reaching a handler',
    async (channel) => {
      const { dispatcher, calls } = dispatcherWith();
      expect(await dispatcher.dispatch(channel, {}, TRUSTED)).toMatchObject({ ok: false, code: 'unknown-channel' });
      expect(calls).toHaveLength(0);
    },
  );
});

describe('IPC dispatcher: malformed arguments', () => {
  const huge = 'A'.repeat(1_000_000);
  const cases: [InvokeChannel, unknown, string][] = [
    ['vault:copy', { vault: 'kv', name: 'x', extra: 1 }, '"extra"'],
    ['vault:copy', { vault: 'kv' }, 'name'],
    ['vault:copy', { vault: 12, name: 'x' }, 'vault'],
    ['vault:copy', 'kv/x', 'the request'],
    ['vault:copy', null, 'the request'],
    ['vault:copy', [{ vault: 'kv', name: 'x' }], 'the request'],
    ['vault:searchPage', { query: huge }, 'query'],
    ['vault:searchPage', { query: 'x', limit: 1e9 }, 'limit'],
    ['vault:searchPage', { query: 'x', limit: 2.5 }, 'limit'],
    ['pim:activate', { ...VALID_ARGS['pim:activate'], durationMinutes: 1 }, 'durationMinutes'],
    // Copy/reveal-on-Ready is the renderer's own intent: main refuses to be handed it.
    ['pim:activate', { ...VALID_ARGS['pim:activate'], thenOpen: { vault: 'kv', name: 's', action: 'copy' } }, 'thenOpen'],
    ['auth:signIn', { tenantId: 't', method: 'password' }, 'method'],
    ['app:openExternal', { url: 'not a url' }, 'url'],
    ['settings:update', { theme: 'neon' }, 'theme'],
    ['app:getState', { anything: true }, 'anything'],
  ];
  it.each(cases)('%s %j → bad-request naming %s', async (channel, args, field) => {
    const { dispatcher, calls } = dispatcherWith();
    const result = await dispatcher.dispatch(channel, args, TRUSTED);
    expect(result).toMatchObject({ ok: false, code: 'bad-request' });
    const message = (result as { message: string }).message;
    expect(message).toContain(field);
    expect(message.length).toBeLessThan(600);
    expect(calls).toHaveLength(0);
  });

  it('never echoes the value that was sent', async () => {
    const { dispatcher } = dispatcherWith();
    const planted = 'CANARY-Pa55w0rd-not-to-be-echoed';
    for (const args of [{ vault: planted.repeat(10), name: 'x' }, { vault: 'kv', name: 'x', [planted]: 1 }, { vault: 'kv', name: 5, note: planted }]) {
      const result = await dispatcher.dispatch('vault:copy', args, TRUSTED);
      expect(JSON.stringify(result)).not.toContain(planted.repeat(10));
      expect(result.ok).toBe(false);
    }
    // An unknown key's name is quoted, but clipped: a megabyte key cannot come back.
    const hugeKey = 'k'.repeat(100_000);
    const result = await dispatcher.dispatch('vault:copy', { vault: 'kv', name: 'x', [hugeKey]: 1 }, TRUSTED);
    expect(JSON.stringify(result).length).toBeLessThan(600);
  });

  it('an argument whose getters throw is a bad request, not a crash', async () => {
    const { dispatcher, calls } = dispatcherWith();
    const hostile = new Proxy({}, {
      get() {
        throw new Error('boom');
      },
      ownKeys() {
        throw new Error('boom');
      },
    });
    expect(await dispatcher.dispatch('vault:copy', hostile, TRUSTED)).toMatchObject({ ok: false, code: 'bad-request' });
    expect(calls).toHaveLength(0);
  });
});

describe('IPC dispatcher: errors become values', () => {
  it('an AppError keeps its code and plain message', async () => {
    const { dispatcher } = dispatcherWith(() => {
      throw new VaultLockedError('kv-contoso-servers');
    });
    const result = await dispatcher.dispatch('vault:copy', VALID_ARGS['vault:copy'], TRUSTED);
    expect(result).toEqual({ ok: false, code: 'vault-locked', message: new VaultLockedError('kv-contoso-servers').message });
  });

  it('a rejected promise is handled like a throw', async () => {
    const { dispatcher } = dispatcherWith(() => Promise.reject(new AppError('pim-denied', 'The approver denied the request.')));
    expect(await dispatcher.dispatch('pim:cancel', VALID_ARGS['pim:cancel'], TRUSTED)).toEqual({ ok: false, code: 'pim-denied', message: 'The approver denied the request.' });
  });

  it('BadRequestError from a handler → bad-request', async () => {
    const { dispatcher } = dispatcherWith(() => {
      throw new BadRequestError('Only Microsoft links.');
    });
    expect(await dispatcher.dispatch('app:openExternal', VALID_ARGS['app:openExternal'], TRUSTED)).toEqual({ ok: false, code: 'bad-request', message: 'Only Microsoft links.' });
  });

  it('anything else → unknown with a generic message; only the error NAME is logged', async () => {
    const secretish = 'eyJhbGciOiJSUzI1NiJ9.leaked.token';
    for (const thrown of [new TypeError(`cannot read ${secretish}`), `a string ${secretish}`, { message: secretish }, undefined]) {
      const { dispatcher, logger } = dispatcherWith(() => {
        throw thrown;
      });
      const result = await dispatcher.dispatch('vault:reveal', VALID_ARGS['vault:reveal'], TRUSTED);
      expect(result).toMatchObject({ ok: false, code: 'unknown' });
      expect(JSON.stringify(result)).not.toContain(secretish);
      expect(logger.text()).not.toContain(secretish);
      expect(logger.lines.some((l) => l.level === 'error')).toBe(true);
    }
  });
});
