import { describe, expect, it } from 'vitest';
import { buildExpiryOverview } from '../../../../../main/services/expiry/expiry-overview.js';
import type { ExpiringItem } from '../../../../../main/services/expiry/expiry-source.js';
import { expiryBadge, expiryInWords } from '../../../../../shared/domain/expiry.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 4, 9, 0, 0);
const CONTOSO = '11111111-1111-1111-1111-111111111111';
const FABRIKAM = '22222222-2222-2222-2222-222222222222';

const vaults = [
  { name: 'kv-contoso-web', tenantId: CONTOSO, displayName: 'Contoso web', customer: 'Contoso' },
  { name: 'kv-contoso-servers', tenantId: CONTOSO, customer: 'Contoso' },
  { name: 'kv-fabrikam', tenantId: FABRIKAM },
];
const tenants = [
  { tenantId: CONTOSO, displayName: 'Contoso Ltd' },
  { tenantId: FABRIKAM, displayName: 'Fabrikam Inc' },
];

function item(partial: Partial<ExpiringItem> & { name: string; vault: string; inDays: number }): ExpiringItem {
  const { inDays, ...rest } = partial;
  return { kind: 'secret', enabled: true, expiresOn: NOW + inDays * DAY, ...rest };
}

function build(items: ExpiringItem[]) {
  return buildExpiryOverview({ items, vaults, tenants, now: NOW, horizonDays: 90, kinds: ['secret', 'certificate'] });
}

describe('expiry overview', () => {
  it('lists what expires within 90 days and what has expired, soonest first, with badges', () => {
    const overview = build([
      item({ vault: 'kv-contoso-web', name: 'wildcard-contoso-com', kind: 'certificate', inDays: 12, autoRenew: false }),
      item({ vault: 'kv-contoso-servers', name: 'far-away', inDays: 120 }),
      item({ vault: 'kv-contoso-servers', name: 'gone', inDays: -3 }),
      item({ vault: 'kv-fabrikam', name: 'tomorrow', inDays: 0.5 }),
      item({ vault: 'kv-fabrikam', name: 'next-week', inDays: 5 }),
      item({ vault: 'kv-contoso-servers', name: 'in-sixty', inDays: 60 }),
      item({ vault: 'kv-contoso-servers', name: 'edge', inDays: 90 }),
    ]);
    expect(overview.items.map((i) => [i.name, i.badge])).toEqual([
      ['gone', 'expired'],
      ['tomorrow', 'day'],
      ['next-week', 'week'],
      ['wildcard-contoso-com', 'month'],
      ['in-sixty', 'quarter'],
      ['edge', 'quarter'],
    ]);
    expect(overview.counts).toEqual({ expired: 1, day: 1, week: 1, month: 1, quarter: 2 });
    expect(overview.items[3]).toMatchObject({ key: 'certificate:kv-contoso-web/wildcard-contoso-com', kind: 'certificate', vaultDisplayName: 'Contoso web', autoRenew: false });
  });

  it('groups by customer (else the tenant name), then vault, each group placed by its most urgent item', () => {
    const overview = build([
      item({ vault: 'kv-contoso-web', name: 'web', inDays: 12 }),
      item({ vault: 'kv-fabrikam', name: 'fab', inDays: 2 }),
      item({ vault: 'kv-contoso-servers', name: 'srv', inDays: -1 }),
      item({ vault: 'kv-contoso-servers', name: 'srv2', inDays: 30 }),
    ]);
    expect(overview.groups.map((g) => [g.customer, g.tenantName, g.vaults.map((v) => [v.vault, v.items.map((i) => i.name)])])).toEqual([
      ['Contoso', 'Contoso Ltd', [['kv-contoso-servers', ['srv', 'srv2']], ['kv-contoso-web', ['web']]]],
      ['Fabrikam Inc', 'Fabrikam Inc', [['kv-fabrikam', ['fab']]]],
    ]);
  });

  it('keeps a secret and a certificate of the same name apart, and leaves out vaults no longer configured', () => {
    const overview = build([
      item({ vault: 'kv-contoso-web', name: 'Portal', inDays: 3 }),
      item({ vault: 'kv-contoso-web', name: 'portal', kind: 'certificate', inDays: 3 }),
      item({ vault: 'KV-CONTOSO-WEB', name: 'PORTAL', inDays: 3 }),
      item({ vault: 'kv-removed', name: 'orphan', inDays: 1 }),
    ]);
    expect(overview.items.map((i) => i.key)).toEqual(['certificate:kv-contoso-web/portal', 'secret:kv-contoso-web/portal']);
  });

  it('badges and words at the boundaries', () => {
    expect(expiryBadge(NOW, NOW)).toBe('expired');
    expect(expiryBadge(NOW + DAY, NOW)).toBe('day');
    expect(expiryBadge(NOW + DAY + 1, NOW)).toBe('week');
    expect(expiryBadge(NOW + 7 * DAY, NOW)).toBe('week');
    expect(expiryBadge(NOW + 30 * DAY, NOW)).toBe('month');
    expect(expiryBadge(NOW + 31 * DAY, NOW)).toBe('quarter');
    expect(expiryInWords(NOW + 12 * DAY - 60_000, NOW)).toBe('in 12 days');
    expect(expiryInWords(NOW + 5 * 3_600_000, NOW)).toBe('in 5 hours');
    expect(expiryInWords(NOW + DAY, NOW)).toBe('in 1 day');
    expect(expiryInWords(NOW - 3 * DAY, NOW)).toBe('expired 3 days ago');
    expect(expiryInWords(NOW - 30_000, NOW)).toBe('expired 1 minute ago');
  });
});
