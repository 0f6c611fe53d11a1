import type { ChannelParsedArgs, ChannelResult, InvokeChannel } from '../../shared/ipc/contract.js';

/**
 * The shape of the handler table, apart from the table itself (handlers.ts) so the dispatcher
 * (ipc-wrapper.ts) can type it without importing the handlers, which import the dispatcher's
 * `BadRequestError`: no import cycle between the two.
 */

/** One channel's implementation: the parsed (defaults applied) argument and the context → the contract's result. */
export type Handler<C extends InvokeChannel, Context> = (args: ChannelParsedArgs<C>, context: Context) => ChannelResult<C> | Promise<ChannelResult<C>>;

/** Exactly one handler per contract channel (a missing or extra key does not compile). */
export type HandlerTable<Context> = { readonly [C in InvokeChannel]: Handler<C, Context> };
