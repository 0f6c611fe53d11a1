import type { EventChannel, EventPayloads } from '../../shared/ipc/contract.js';
import type { AppCore } from '../core/app-core.types.js';
import type { Logger } from '../services/ports/logger.js';
import { toActivationEventDto, toCatalogDiffDto } from './dto-mappers.js';

/** Delivers one event to the renderer (Electron: webContents.send; preview: the WebSocket). */
export type EventSink = <E extends EventChannel>(event: E, payload: EventPayloads[E]) => void;

/** A running forwarder. */
export interface EventForwarder {
  /** Sends an event that does not come from a service (the platform's 'ui:focusSearch'). */
  emit<E extends EventChannel>(event: E, payload: EventPayloads[E]): void;
  /** Unsubscribes from every service. */
  dispose(): void;
}

/**
 * Subscribes to the core's service events and forwards them as the contract's `EventPayloads`.
 * Every payload is built field by field from names, ids, times and codes — never a secret value or
 * a token (the clipboard events carry the secret's NAME; catalog events only say which vault
 * changed; snapshot diffs carry catalog item DTOs — metadata, never values). A sink that throws is logged and ignored: a closed
 * window must not break a lock.
 */
export function forwardEvents(core: AppCore, sink: EventSink, logger?: Logger): EventForwarder {
  const send: EventSink = (event, payload) => {
    try {
      sink(event, payload);
    } catch (error) {
      logger?.warn('event delivery failed', { event, error: error instanceof Error ? error.name : 'unknown' });
    }
  };
  const off = [
    core.pim.on('activation', (e) => send('pim:activation', toActivationEventDto(e))),
    core.session.on('locked', (e) => send('session:locked', { vaults: [...e.vaults], reason: e.reason, at: e.at })),
    core.session.on('unlocked', (e) => send('session:unlocked', { vault: e.grant.vault, endsAt: e.grant.endsAt, at: e.at })),
    // A re-sync moved an unlocked vault's end time: the renderer learns the new one the same way.
    core.session.on('updated', (e) => send('session:unlocked', { vault: e.grant.vault, endsAt: e.grant.endsAt, at: e.at })),
    core.session.on('expiring', (e) => send('session:expiring', { vault: e.vault, endsAt: e.endsAt, at: e.at })),
    core.clipboard.on('countdown', (e) => send('clipboard:countdown', { vault: e.vault, name: e.name, clearsAt: e.clearsAt, remainingMs: e.remainingMs })),
    core.clipboard.on('cleared', (e) => send('clipboard:cleared', { reason: e.reason })),
    core.vault.on('catalog', (e) => send('vault:catalog', e.type === 'changed' ? { type: 'changed' } : { type: e.type, vault: e.vault })),
    // Metadata diffs for the renderer's own search (catalog items as DTOs: names, tags, dates).
    core.vault.snapshot.on('diff', (diff) => send('vault:snapshot', toCatalogDiffDto(diff))),
    core.on('device-code', (e) => send('auth:deviceCode', { userCode: e.userCode, verificationUri: e.verificationUri, message: e.message, expiresAt: e.expiresAt })),
    core.on('state-changed', () => send('app:stateChanged', {})),
    core.certificates.on('changed', (e) => send('cert:catalog', { vault: e.vault, listing: e.listing })),
    core.approvals.on('inbox', (e) => send('approvals:inbox', { count: e.items.length })),
    core.expiry.on('changed', (overview) => send('expiry:changed', { generatedAt: overview.generatedAt, total: overview.items.length })),
  ];
  return {
    emit: send,
    dispose: () => {
      for (const unsubscribe of off.splice(0)) unsubscribe();
    },
  };
}
