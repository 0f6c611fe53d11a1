import type { ErrorCode, IpcResult } from '../../shared/domain/types.js';
import type { JitVaultBridge } from '../../shared/ipc/bridge.js';
import type { BRIDGE_KEY } from '../../shared/ipc/contract.js';

export type { JitVaultBridge };

/**
 * `window.jitVault`. Typed as the contract's constant (a change there fails the typecheck here), but
 * not imported as a value: contract.ts builds zod schemas at load time, and the renderer must not
 * ship zod and every schema just to read one string.
 */
const KEY: typeof BRIDGE_KEY = 'jitVault';

/**
 * The preload's bridge at `window.jitVault`, or null when the page runs outside JIT Vault (opened
 * directly in a browser): the UI then says so instead of failing on the first call.
 */
export function getBridge(scope: object = globalThis): JitVaultBridge | null {
  const candidate = (scope as Record<string, unknown>)[KEY];
  return candidate && typeof candidate === 'object' ? (candidate as JitVaultBridge) : null;
}

/** A failed bridge call, typed by its stable code; `message` is main's plain-language text. */
export class BridgeError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BridgeError';
  }
}

/**
 * Awaits a bridge call and returns its value, or throws a BridgeError carrying the code. A rejected
 * promise (transport gone, preview socket closed) becomes 'network', so callers handle one error type.
 */
export async function unwrap<T>(call: Promise<IpcResult<T>>): Promise<T> {
  let result: IpcResult<T>;
  try {
    result = await call;
  } catch {
    throw new BridgeError('network', 'JIT Vault could not reach its background process.');
  }
  if (result.ok) return result.value;
  throw new BridgeError(result.code, result.message);
}

/** Narrows an unknown caught value to a BridgeError (anything else becomes 'unknown'). */
export function toBridgeError(error: unknown): BridgeError {
  if (error instanceof BridgeError) return error;
  return new BridgeError('unknown', error instanceof Error ? error.message : String(error));
}
