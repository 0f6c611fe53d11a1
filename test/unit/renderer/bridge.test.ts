import { describe, expect, it } from 'vitest';
import { BridgeError, getBridge, toBridgeError, unwrap } from '../../../renderer/src/bridge.js';
import { createFakeBridge } from './fake-bridge.js';

describe('renderer bridge helpers', () => {
  it('finds the bridge under window.jitVault and nothing else', () => {
    const { bridge } = createFakeBridge();
    expect(getBridge({ jitVault: bridge })).toBe(bridge);
    expect(getBridge({})).toBeNull();
    expect(getBridge({ jitVault: 'nope' })).toBeNull();
  });

  it('unwraps ok results to their value', async () => {
    await expect(unwrap(Promise.resolve({ ok: true as const, value: 42 }))).resolves.toBe(42);
  });

  it('turns error results into a BridgeError with the code and main’s message', async () => {
    const error = await unwrap(Promise.resolve({ ok: false as const, code: 'vault-forbidden-firewall' as const, message: 'blocked' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BridgeError);
    expect(error).toMatchObject({ code: 'vault-forbidden-firewall', message: 'blocked' });
  });

  it('turns a rejected transport into a network error', async () => {
    const error = await unwrap(Promise.reject(new Error('socket closed'))).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'network' });
  });

  it('wraps foreign errors as unknown', () => {
    expect(toBridgeError(new Error('boom'))).toMatchObject({ code: 'unknown', message: 'boom' });
    const known = new BridgeError('cancelled', 'x');
    expect(toBridgeError(known)).toBe(known);
  });

  it('the fake bridge rejects events the contract does not list (same builder as the preload)', () => {
    const { bridge } = createFakeBridge();
    expect(() => bridge.on('nope' as never, () => undefined)).toThrow(/Unknown event channel/);
  });
});
