import { describe, expect, it } from 'vitest';
import { eventChannels, type EventChannel } from '../../../../shared/ipc/contract.js';
import type { AppCore, AppCoreEvents } from '../../../../main/core/app-core.types.js';
import { forwardEvents } from '../../../../main/ipc/event-forwarder.js';
import { ClipboardPolicy } from '../../../../main/services/clipboard/clipboard-policy.js';
import type { ActivationEvent } from '../../../../main/services/pim/pim.types.js';
import { AccessSession } from '../../../../main/services/session/access-session.js';
import { TypedEmitter } from '../../../../main/services/events/typed-emitter.js';
import type { CatalogSnapshotDiff } from '../../../../main/services/vault/catalog-snapshot.js';
import type { CatalogEvent } from '../../../../main/services/vault/vault.types.js';
import { FakeClipboard } from '../../../helpers/fakes/clipboard.fake.js';
import { ManualClock } from '../../../helpers/manual-clock.js';
import { RecordingLogger } from './ipc-test-kit.js';
import type { ExpiryOverviewDto } from '../../../../shared/domain/expiry.js';

const CANARY = 'CANARY-value-7f3a9c-never-an-event';

/** A core made of the real session and clipboard policy plus small emitters for PIM, catalog and core events. */
function setup() {
  const clock = new ManualClock();
  const clipboard = new ClipboardPolicy({ clipboard: new FakeClipboard(), clock, clearAfterMs: 3000 });
  const session = new AccessSession({ clock, clipboardPolicy: clipboard, warnBeforeExpiryMs: 60_000, idleLockMs: 0 });
  const pim = new TypedEmitter<{ activation: ActivationEvent }>();
  const catalog = new Set<(e: CatalogEvent) => void>();
  const snapshot = new Set<(d: CatalogSnapshotDiff) => void>();
  const coreEvents = new TypedEmitter<AppCoreEvents>();
  const inbox = new TypedEmitter<{ inbox: { items: unknown[] } }>();
  const expiry = new Set<(overview: ExpiryOverviewDto) => void>();
  const core = {
    expiry: {
      on: (_event: 'changed', listener: (overview: ExpiryOverviewDto) => void) => {
        expiry.add(listener);
        return () => expiry.delete(listener);
      },
    },
    approvals: { on: (event: 'inbox', listener: (e: { items: unknown[] }) => void) => inbox.on(event, listener) },
    certificates: { on: () => () => undefined },
    session,
    clipboard,
    pim: { on: (event: 'activation', listener: (e: ActivationEvent) => void) => pim.on(event, listener) },
    vault: {
      on: (_event: 'catalog', listener: (e: CatalogEvent) => void) => {
        catalog.add(listener);
        return () => catalog.delete(listener);
      },
      snapshot: {
        on: (_event: 'diff', listener: (d: CatalogSnapshotDiff) => void) => {
          snapshot.add(listener);
          return () => snapshot.delete(listener);
        },
      },
    },
    on: <K extends keyof AppCoreEvents>(event: K, listener: (payload: AppCoreEvents[K]) => void) => coreEvents.on(event, listener),
  } as unknown as AppCore;
  const sent: { event: EventChannel; payload: unknown }[] = [];
  const forwarder = forwardEvents(core, (event, payload) => void sent.push({ event, payload }));
  const emitCatalog = (e: CatalogEvent) => catalog.forEach((l) => l(e));
  const emitDiff = (d: CatalogSnapshotDiff) => snapshot.forEach((l) => l(d));
  const emitExpiry = (overview: ExpiryOverviewDto) => expiry.forEach((l) => l(overview));
  return { clock, clipboard, session, pim, coreEvents, inbox, emitCatalog, emitDiff, emitExpiry, sent, forwarder };
}

describe('event forwarder', () => {
  it('forwards each service event as its contract event, built field by field', async () => {
    const { clock, clipboard, session, pim, coreEvents, inbox, emitCatalog, emitDiff, emitExpiry, sent } = setup();
    const at = clock.now();
    session.unlock({ vault: 'kv-a', accountId: 'acc', groupId: 'g', endsAt: at + 120_000 });
    session.updateEndTime('kv-a', at + 180_000);
    await clipboard.writeSecret(CANARY, { vault: 'kv-a', name: 'dc01-administrator' });
    await clock.advance(3000); // clipboard clears (timeout)
    pim.emit('activation', { requestId: 'r1', accountId: 'acc', groupId: 'g', phase: 'Provisioned', at, endsAt: at + 3_600_000, detail: 'probing', errorCode: undefined } as ActivationEvent);
    emitCatalog({ type: 'page', vault: 'kv-a', page: 0, items: [{ key: 'kv-a/x', vault: 'kv-a', name: 'x', locked: false, favourite: false, staleness: [] }] });
    emitCatalog({ type: 'changed' });
    // Catalog items ARE the shared DTO and cross as the catalog built them: SecretCatalog.toItem names
    // every field, and catalog-snapshot.test plants a value on a stored secret to prove none reaches the wire.
    const catalogItem = { key: 'kv-a/x', vault: 'kv-a', name: 'x', locked: false, favourite: false, staleness: [], tags: { host: 'dc01' } };
    emitDiff({ revision: 4, base: 3, upserts: [catalogItem], removed: ['kv-a/y'] });
    coreEvents.emit('device-code', { userCode: 'ABCD-EFGH', verificationUri: 'https://localhost/devicelogin', message: 'Enter the code', expiresAt: at + 900_000 });
    coreEvents.emit('state-changed', {});
    // The approver's inbox: only the count crosses (requesters' names and reasons are asked for).
    inbox.emit('inbox', { items: [{ requestId: 'r9', justification: CANARY }, { requestId: 'r10' }] });
    // The expiry overview: only when and how many cross (the renderer reads the overview itself).
    const item = { key: 'secret:kv-a/x', kind: 'secret' as const, vault: 'kv-a', name: CANARY, expiresOn: at, badge: 'expired' as const, enabled: true };
    emitExpiry({ generatedAt: at, horizonDays: 90, items: [item], groups: [], counts: { expired: 1, day: 0, week: 0, month: 0, quarter: 0 }, kinds: ['secret'] });
    await clock.advance(120_000); // warning at endsAt - 60 s, then ...
    await session.lock('all', 'manual');

    const byEvent = (event: EventChannel) => sent.filter((s) => s.event === event).map((s) => s.payload);
    expect(byEvent('session:unlocked')).toEqual([
      { vault: 'kv-a', endsAt: at + 120_000, at },
      { vault: 'kv-a', endsAt: at + 180_000, at },
    ]);
    expect(byEvent('clipboard:countdown')[0]).toEqual({ vault: 'kv-a', name: 'dc01-administrator', clearsAt: at + 3000, remainingMs: 3000 });
    expect(byEvent('clipboard:cleared')).toContainEqual({ reason: 'timeout' });
    expect(byEvent('pim:activation')).toEqual([{ requestId: 'r1', accountId: 'acc', groupId: 'g', phase: 'Provisioned', at, endsAt: at + 3_600_000, detail: 'probing' }]);
    // Catalog events say which vault changed; the items stay in main until asked for.
    expect(byEvent('vault:catalog')).toEqual([{ type: 'page', vault: 'kv-a' }, { type: 'changed' }]);
    // Snapshot diffs carry catalog item DTOs (metadata) for the renderer's own search.
    expect(byEvent('vault:snapshot')).toEqual([
      { type: 'diff', revision: 4, base: 3, upserts: [{ key: 'kv-a/x', vault: 'kv-a', name: 'x', locked: false, favourite: false, staleness: [], tags: { host: 'dc01' } }], removed: ['kv-a/y'] },
    ]);
    expect(byEvent('auth:deviceCode')).toEqual([{ userCode: 'ABCD-EFGH', verificationUri: 'https://localhost/devicelogin', message: 'Enter the code', expiresAt: at + 900_000 }]);
    expect(byEvent('app:stateChanged')).toEqual([{}]);
    expect(byEvent('approvals:inbox')).toEqual([{ count: 2 }]);
    expect(byEvent('expiry:changed')).toEqual([{ generatedAt: at, total: 1 }]);
    expect(byEvent('session:expiring')).toEqual([{ vault: 'kv-a', endsAt: at + 180_000, at: at + 120_000 }]);
    expect(byEvent('session:locked')).toEqual([{ vaults: ['kv-a'], reason: 'manual', at: at + 123_000 }]);
    for (const { event } of sent) expect(eventChannels).toContain(event);
    expect(JSON.stringify(sent)).not.toContain(CANARY);
  });

  it('a throwing sink is logged and does not stop the service (a lock still completes)', async () => {
    const clock = new ManualClock();
    const session = new AccessSession({ clock, warnBeforeExpiryMs: 1000, idleLockMs: 0 });
    const logger = new RecordingLogger();
    const empty = () => () => undefined;
    const core = { session, clipboard: { on: empty }, pim: { on: empty }, vault: { on: empty, snapshot: { on: empty } }, certificates: { on: empty }, approvals: { on: empty }, expiry: { on: empty }, on: empty } as unknown as AppCore;
    forwardEvents(
      core,
      () => {
        throw new Error('window closed');
      },
      logger,
    );
    session.unlock({ vault: 'kv-a', accountId: 'acc', endsAt: null });
    await session.lock('all', 'manual');
    expect(session.isUnlocked('kv-a')).toBe(false);
    expect(logger.lines.filter((l) => l.message === 'event delivery failed')).toHaveLength(2);
  });

  it('dispose unsubscribes from every service; emit sends platform events', async () => {
    const { session, sent, forwarder, coreEvents, inbox } = setup();
    forwarder.emit('ui:focusSearch', {});
    forwarder.dispose();
    session.unlock({ vault: 'kv-a', accountId: 'acc', endsAt: null });
    coreEvents.emit('state-changed', {});
    inbox.emit('inbox', { items: [] });
    expect(sent).toEqual([{ event: 'ui:focusSearch', payload: {} }]);
  });
});
