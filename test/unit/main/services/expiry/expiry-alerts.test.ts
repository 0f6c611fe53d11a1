import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ExpiryAlerts } from '../../../../../main/services/expiry/expiry-alerts.js';
import { FileExpiryNoticeStore, MemoryExpiryNoticeStore, type ExpiryNoticeStore } from '../../../../../main/services/expiry/expiry-notice-store.js';
import type { ExpiringItem, ExpirySource, ExpirySourceEvents } from '../../../../../main/services/expiry/expiry-source.js';
import { ExpiryService } from '../../../../../main/services/expiry/expiry.service.js';
import { FakeNotifier } from '../../../../helpers/fakes/notifier.fake.js';
import { ManualClock } from '../../../../helpers/manual-clock.js';
import { RecordingLogger } from '../../ipc/ipc-test-kit.js';
import { TypedEmitter } from '../../../../../main/services/events/typed-emitter.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const TENANT = '11111111-1111-1111-1111-111111111111';

/** A source whose items the test sets; `set` fires 'changed' like a catalog diff would. */
class ListSource implements ExpirySource {
  private readonly events = new TypedEmitter<ExpirySourceEvents>();
  constructor(
    readonly kind: ExpiringItem['kind'],
    private list: ExpiringItem[] = [],
  ) {}
  items(): ExpiringItem[] {
    return this.list;
  }
  on<K extends keyof ExpirySourceEvents>(event: K, listener: (e: ExpirySourceEvents[K]) => void): () => void {
    return this.events.on(event, listener);
  }
  set(list: ExpiringItem[]): void {
    this.list = list;
    this.events.emit('changed', {});
  }
}

function setup(options: { store?: ExpiryNoticeStore; thresholds?: number[]; enabled?: boolean } = {}) {
  const clock = new ManualClock();
  const notifier = new FakeNotifier();
  const logger = new RecordingLogger();
  const settings = { thresholds: options.thresholds ?? [30, 7, 1], enabled: options.enabled ?? true };
  const store = options.store ?? new MemoryExpiryNoticeStore();
  const secrets = new ListSource('secret');
  const certificates = new ListSource('certificate');
  const service = new ExpiryService({
    clock,
    logger,
    sources: [secrets],
    vaults: () => [{ name: 'kv-web', tenantId: TENANT, customer: 'Contoso' }],
    tenants: () => [{ tenantId: TENANT, displayName: 'Contoso Ltd' }],
    alerts: new ExpiryAlerts({ notifier, store, logger, thresholdsDays: () => settings.thresholds, enabled: () => settings.enabled }),
  });
  const at = (days: number) => clock.now() + days * DAY;
  const secret = (name: string, days: number, enabled = true): ExpiringItem => ({ kind: 'secret', vault: 'kv-web', name, expiresOn: at(days), enabled });
  return { clock, notifier, logger, settings, store, secrets, certificates, service, at, secret };
}

describe('expiry notifications', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('notifies once per threshold as time passes, and once when expired', async () => {
    const { clock, notifier, secrets, service, secret } = setup();
    secrets.set([secret('cert-pass', 40)]);
    service.start();
    await clock.advance(1000);
    expect(notifier.notifications).toHaveLength(0); // 40 days: outside every threshold
    await clock.advance(10 * DAY + HOUR); // hourly re-checks: 29.96 days left
    expect(notifier.notifications.map((n) => n.title)).toEqual(['Secret cert-pass expires in 30 days']);
    await clock.advance(5 * DAY); // still within 30 and above 7: nothing new
    expect(notifier.notifications).toHaveLength(1);
    await clock.advance(18 * DAY); // 7 days, then (same step) 1 day: each crossing once
    await clock.advance(7 * DAY);
    expect(notifier.notifications.map((n) => n.title)).toEqual([
      'Secret cert-pass expires in 30 days',
      'Secret cert-pass expires in 7 days',
      'Secret cert-pass expires in 1 day',
      'Secret cert-pass has expired',
    ]);
    expect(notifier.notifications.every((n) => n.kind === 'item-expiry' && n.tab === 'expiry')).toBe(true);
    await clock.advance(3 * DAY);
    expect(notifier.notifications).toHaveLength(4);
  });

  it('items crossing together share one notification, most urgent first; first sight notifies only the nearest threshold', async () => {
    const { clock, notifier, secrets, service, secret } = setup();
    service.start();
    secrets.set([secret('a', 20), secret('b', 3), secret('c', -2), secret('d', 0.5), secret('e', 60), secret('off', 2, false)]);
    await clock.advance(1000);
    expect(notifier.notifications).toHaveLength(1);
    expect(notifier.notifications[0]).toMatchObject({
      title: '4 items expire soon (1 already expired)',
      body: 'c (kv-web) expired 2 days ago; d (kv-web) in 12 hours; b (kv-web) in 3 days; and 1 more.',
      action: { id: 'open', label: 'Show expiry overview' },
    });
  });

  it('a restart does not repeat a notification; a renewed item (new date) starts again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'expiry-notices-'));
    dirs.push(dir);
    const file = join(dir, 'expiry-notices.json');
    const first = setup({ store: new FileExpiryNoticeStore({ file, logger: new RecordingLogger() }) });
    first.secrets.set([first.secret('tls', 5)]);
    first.service.start();
    await first.clock.advance(1000);
    await first.service.settled();
    expect(first.notifier.notifications).toHaveLength(1);
    first.service.dispose();
    expect(readFileSync(file, 'utf8')).not.toMatch(/value/);

    const second = setup({ store: new FileExpiryNoticeStore({ file, logger: new RecordingLogger() }) });
    second.secrets.set([{ ...second.secret('tls', 5), expiresOn: first.at(5) - 1000 }]);
    second.service.start();
    await second.clock.advance(1000);
    await second.service.settled();
    expect(second.notifier.notifications).toHaveLength(0);
    second.secrets.set([second.secret('tls', 25)]); // renewed: a new expiry date
    await second.clock.advance(1000);
    await second.service.settled();
    expect(second.notifier.notifications.map((n) => n.title)).toEqual(['Secret tls expires in 25 days']);
  });

  it('a corrupt notices file is logged and treated as empty (one repeat at worst, nothing thrown)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'expiry-notices-'));
    dirs.push(dir);
    const file = join(dir, 'expiry-notices.json');
    writeFileSync(file, '{ not json');
    const logger = new RecordingLogger();
    const { clock, notifier, secrets, service, secret } = setup({ store: new FileExpiryNoticeStore({ file, logger }) });
    secrets.set([secret('x', 1)]);
    service.start();
    await clock.advance(1000);
    await service.settled();
    expect(notifier.notifications).toHaveLength(1);
    expect(logger.lines.some((l) => l.level === 'warn' && /expiry notices file/.test(l.message))).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ version: 1 });
  });

  it('follows the settings: turned off notifies nothing; other thresholds apply at the next check', async () => {
    const { clock, notifier, secrets, service, secret, settings } = setup({ enabled: false });
    secrets.set([secret('x', 10)]);
    service.start();
    await clock.advance(1000);
    expect(notifier.notifications).toHaveLength(0);
    settings.enabled = true;
    settings.thresholds = [14];
    await service.check();
    expect(notifier.notifications.map((n) => n.title)).toEqual(['Secret x expires in 10 days']);
  });

  it('tells listeners after changes settle, and a source added later (certificates) joins the overview', async () => {
    const { clock, secrets, certificates, service, secret, at } = setup();
    const seen: number[] = [];
    service.on('changed', (overview) => seen.push(overview.items.length));
    service.start();
    secrets.set([secret('a', 5)]);
    secrets.set([secret('a', 5), secret('b', 6)]);
    await clock.advance(1000);
    expect(seen).toEqual([2]); // two changes within the settle window: one check
    service.addSource(certificates);
    certificates.set([{ kind: 'certificate', vault: 'kv-web', name: 'wildcard', expiresOn: at(12), enabled: true, autoRenew: true }]);
    await clock.advance(1000);
    expect(service.overview().kinds).toEqual(['secret', 'certificate']);
    expect(service.overview().items.map((i) => i.key)).toEqual(['secret:kv-web/a', 'secret:kv-web/b', 'certificate:kv-web/wildcard']);
    expect(seen).toEqual([2, 3]);
  });

  it('does nothing before start (the command line never starts it)', async () => {
    const { clock, notifier, secrets, service, secret } = setup();
    secrets.set([secret('x', 1)]);
    await clock.advance(2 * HOUR);
    expect(notifier.notifications).toHaveLength(0);
    expect(service.overview().items).toHaveLength(1);
  });
});
