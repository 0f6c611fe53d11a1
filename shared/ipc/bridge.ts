import type { IpcResult } from '../domain/types.js';
import type { ChannelArgs, ChannelResult, EventChannel, EventPayloads, InvokeChannel } from './contract.js';

type Namespace<C extends string> = C extends `${infer N}:${string}` ? N : never;
type Method<C extends string, N extends string> = C extends `${N}:${infer M}` ? M : never;

/** Channels whose argument object may be omitted (every field optional). */
type CallSignature<C extends InvokeChannel> = Record<never, never> extends ChannelArgs<C>
  ? (args?: ChannelArgs<C>) => Promise<IpcResult<ChannelResult<C>>>
  : (args: ChannelArgs<C>) => Promise<IpcResult<ChannelResult<C>>>;

/**
 * The object the renderer sees at `window.jitVault`: one async method per contract channel, grouped by
 * namespace (`api.vault.copy({vault, name})`), plus `on(event, listener)` returning an unsubscribe
 * function. Built from the contract, so the preload, the preview's web bridge and the renderer's fake
 * bridge cannot drift.
 */
export type JitVaultBridge = {
  [N in Namespace<InvokeChannel>]: { [M in Method<InvokeChannel, N>]: CallSignature<`${N}:${M}` & InvokeChannel> };
} & {
  on<E extends EventChannel>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
};

/** Splits `namespace:method`. */
export function splitChannel(channel: string): [string, string] {
  const index = channel.indexOf(':');
  return [channel.slice(0, index), channel.slice(index + 1)];
}

/**
 * Builds a bridge object from a transport: `invoke(channel, args)` and `subscribe(event, listener)`.
 * Used by the Electron preload (ipcRenderer) and by the browser preview (WebSocket).
 */
export function buildBridge(
  channels: readonly string[],
  transport: {
    invoke(channel: string, args: unknown): Promise<unknown>;
    subscribe(event: string, listener: (payload: unknown) => void): () => void;
  },
  events: readonly string[],
): JitVaultBridge {
  const bridge: Record<string, Record<string, unknown>> = {};
  for (const channel of channels) {
    const [ns, method] = splitChannel(channel);
    bridge[ns] ??= {};
    bridge[ns][method] = (args?: unknown) => transport.invoke(channel, args ?? {});
  }
  const allowed = new Set(events);
  const on = (event: string, listener: (payload: unknown) => void) => {
    if (!allowed.has(event)) throw new Error(`Unknown event channel: ${event}`);
    return transport.subscribe(event, listener);
  };
  return Object.freeze({ ...Object.fromEntries(Object.entries(bridge).map(([k, v]) => [k, Object.freeze(v)])), on }) as unknown as JitVaultBridge;
}
