import { describe, expect, it } from 'vitest';
import { toCatalogDiffDto, toCatalogSnapshotDto, toSearchHitDto } from '../../../../../main/ipc/dto-mappers.js';
import { CatalogSnapshot, type CatalogSnapshotDiff } from '../../../../../main/services/vault/catalog-snapshot.js';
import { Favourites } from '../../../../../main/services/vault/favourites.js';
import { SecretCatalog, type StoredSecret } from '../../../../../main/services/vault/secret-catalog.js';
import { nameMatchRanges } from '../../../../../shared/search/secret-search.index.js';
import { CatalogMirror } from '../../../../../renderer/src/state/catalog-mirror.js';
import { ManualClock } from '../../../../helpers/manual-clock.js';
import { MemoryFavourites } from '../../../../helpers/fakes/favourites.fake.js';
import { TENANT_A } from './vault-service.setup.js';

/** A deterministic pseudo-random generator (the corpus is the same on every run). */
function rng(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

const CUSTOMERS = ['Contoso', 'Fabrikam', 'Northwind'];
const VAULTS = CUSTOMERS.flatMap((customer) => ['ops', 'net'].map((kind) => ({ name: `kv-${customer.toLowerCase()}-${kind}`, customer })));
const SYSTEMS = ['srv', 'dc', 'sql', 'fw', 'vpn', 'router', 'esx', 'backup', 'mail', 'idrac', 'nas'];
const ROLES = ['root', 'admin', 'localadmin', 'sa', 'breakglass', 'api-key', 'svc-backup'];
const CAMEL = ['SqlAdminPassword', 'DomainJoinAccount', 'BackupEncryptionKey', 'EsxRootPassword', 'VpnPresharedKey'];
const CANARY = 'CANARY-VALUE-never-in-a-snapshot';

/** ~1,500 MSP-style secrets spread over the vaults: names, tags, dates (metadata only). */
function corpus(): Map<string, StoredSecret[]> {
  const random = rng(7);
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const byVault = new Map<string, StoredSecret[]>(VAULTS.map((v) => [v.name, []]));
  const seen = new Set<string>();
  for (let i = 0; i < 1_500; i++) {
    const vault = pick(VAULTS).name;
    const n = String(Math.floor(random() * 60)).padStart(2, '0');
    const name = random() < 0.2 ? `${pick(CAMEL)}${n}` : `${pick(SYSTEMS)}${n}-${pick(['prod', 'test', 'dr'])}-${pick(ROLES)}`;
    if (seen.has(`${vault}/${name.toLowerCase()}`)) continue;
    seen.add(`${vault}/${name.toLowerCase()}`);
    const tags = random() < 0.5 ? { host: `${pick(SYSTEMS)}${n}.corp.example`, owner: pick(['netops', 'dba', 'helpdesk']) } : undefined;
    byVault.get(vault)!.push({ name, locked: false, contentType: 'password', updatedOn: 1_700_000_000_000 + i * 1000, ...(tags ? { tags } : {}) });
  }
  return byVault;
}

/** Queries as typed, one prefix per keystroke: prefixes, infixes, multi-word, camelCase, typos, digits, none. */
const QUERIES = ['root', 'sql prod', 'fabrikam fw', 'dc01 admin', 'contso vpn', 'localadmin', 'pasword', 'bakcup', 'esxroot', 'idrac dr', 'netops', 'kv-north', 'zzz', 'SqlAdmin', '  ', 'a']
  .flatMap((q) => Array.from({ length: q.length }, (_, i) => q.slice(0, i + 1)))
  .concat(['']);

function setUp() {
  const clock = new ManualClock();
  const favourites = new Favourites(new MemoryFavourites());
  const vaults = VAULTS.map((v) => ({ name: v.name, url: 'https://localhost:1', tenantId: TENANT_A, customer: v.customer, displayName: `${v.customer} ${v.name.split('-').at(-1)}`, permissionModel: 'rbac' as const, ...(v.name.endsWith('net') ? { pimGroupId: TENANT_A } : {}) }));
  const catalog = new SecretCatalog({ vaults, clock, favourites, rebuildIntervalMs: 0 });
  const snapshot = new CatalogSnapshot(catalog, clock, 50);
  const mirror = new CatalogMirror({ rebuildIntervalMs: 0 }); // like the catalog above: never a stale index
  const diffs: CatalogSnapshotDiff[] = [];
  snapshot.on('diff', (diff) => {
    diffs.push(diff);
    if (mirror.ready) expect(mirror.apply(toCatalogDiffDto(diff))).toBe('applied');
  });
  return { clock, favourites, catalog, snapshot, mirror, diffs };
}

function list(catalog: SecretCatalog, vault: string, secrets: StoredSecret[]): void {
  catalog.beginListing(vault);
  for (let page = 0; page * 25 < secrets.length; page++) catalog.addPage(vault, page, secrets.slice(page * 25, page * 25 + 25));
  catalog.completeListing(vault);
}

/** Main's `vault:searchPage` answer vs the renderer's, for every query, on two pages. */
function expectSameAnswers(catalog: SecretCatalog, mirror: CatalogMirror): number {
  let compared = 0;
  for (const query of QUERIES) {
    for (const offset of [0, 100]) {
      const main = catalog.search(query, 100, offset);
      const expected = { hits: main.items.map((item) => toSearchHitDto({ item, nameMatches: nameMatchRanges(item.name, query) })), total: main.total };
      expect(mirror.search(query, offset, 100), `query "${query}" at ${offset}`).toEqual(expected);
      compared += expected.hits.length;
    }
  }
  return compared;
}

describe('renderer-side search over the catalog snapshot', () => {
  it('gives exactly main’s results and order for a fixed corpus of queries, through listings, favourites and a lock', async () => {
    const { clock, favourites, catalog, snapshot, mirror } = setUp();
    const byVault = corpus();
    mirror.reset(toCatalogSnapshotDto(snapshot.current()));
    for (const [vault, secrets] of byVault) list(catalog, vault, secrets);
    await clock.advance(50);
    expect(mirror.size).toBe([...byVault.values()].reduce((n, s) => n + s.length, 0));
    expect(expectSameAnswers(catalog, mirror)).toBeGreaterThan(2_000);

    await favourites.set('kv-contoso-ops', byVault.get('kv-contoso-ops')![3]!.name, true);
    await favourites.set('kv-fabrikam-net', byVault.get('kv-fabrikam-net')![0]!.name, true);
    catalog.lockVault('kv-northwind-net', 'names');
    expect(expectSameAnswers(catalog, mirror)).toBeGreaterThan(2_000);

    // A relisting that drops secrets and changes tags: removed keys and upserts.
    const relisted = byVault.get('kv-contoso-ops')!.slice(10).map((s, i) => (i === 0 ? { ...s, tags: { host: 'renamed-host' } } : { ...s }));
    list(catalog, 'kv-contoso-ops', relisted);
    expectSameAnswers(catalog, mirror);
    // A fresh window (whole snapshot) agrees too, first on the empty query before any index exists.
    const late = new CatalogMirror({ rebuildIntervalMs: 0 });
    late.reset(toCatalogSnapshotDto(snapshot.current()));
    for (const offset of [0, 100, 1_400]) expect(late.search('', offset, 100)).toEqual({ hits: catalog.search('', 100, offset).items.map((item) => ({ item: toSearchHitDto({ item, nameMatches: [] }).item })), total: catalog.search('').total });
    expectSameAnswers(catalog, late);
  });

  it('coalesces a listing’s pages into one diff per interval; a lock publishes at once; unchanged items are not resent', async () => {
    const { clock, catalog, diffs } = setUp();
    const secrets = corpus().get('kv-contoso-ops')!;
    list(catalog, 'kv-contoso-ops', secrets);
    // The completed listing flushed everything at once: one diff, every item.
    expect(diffs).toHaveLength(1);
    expect(diffs[0]!.upserts).toHaveLength(secrets.length);
    await clock.advance(50);
    expect(diffs).toHaveLength(1);

    catalog.beginListing('kv-contoso-ops');
    catalog.addPage('kv-contoso-ops', 0, secrets.slice(0, 25).map((s) => ({ ...s })));
    catalog.addPage('kv-contoso-ops', 1, secrets.slice(25, 50).map((s, i) => (i === 0 ? { ...s, contentType: 'changed' } : { ...s })));
    expect(diffs).toHaveLength(1); // waiting for the timer
    await clock.advance(50);
    // Relisted as new objects with the same metadata: only the one really changed item is sent.
    expect(diffs.map((d) => d.upserts.map((i) => i.contentType))).toEqual([expect.any(Array), ['changed']]);

    catalog.lockVault('kv-contoso-ops', 'names');
    expect(diffs).toHaveLength(3);
    expect(diffs[2]!.upserts.every((item) => item.locked && item.tags === undefined)).toBe(true);
    expect(diffs.map((d) => [d.base, d.revision])).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ]);
  });

  // Browse before access: a vault listed through a standing Reader while its values are locked is
  // relisted, with the same metadata, once its PIM grant unlocks it. Before: the relisting kept the
  // stored objects (nothing changed), the snapshot saw the same identity and sent nothing, and the
  // popup kept showing the items as "Locked" after Ready.
  it('sends the items of a vault again when it unlocks, even if a relisting left their metadata unchanged', async () => {
    const clock = new ManualClock();
    let locked = true;
    const vaults = [{ name: 'kv-contoso-ops', url: 'https://localhost:1', tenantId: TENANT_A, permissionModel: 'rbac' as const, pimGroupId: TENANT_A }];
    const catalog = new SecretCatalog({ vaults, clock, favourites: new Favourites(new MemoryFavourites()), rebuildIntervalMs: 0, isLocked: () => locked });
    const snapshot = new CatalogSnapshot(catalog, clock, 50);
    const mirror = new CatalogMirror({ rebuildIntervalMs: 0 });
    snapshot.on('diff', (diff) => void (mirror.ready ? mirror.apply(toCatalogDiffDto(diff)) : undefined));
    const secrets = corpus().get('kv-contoso-ops')!.slice(0, 30);
    list(catalog, 'kv-contoso-ops', secrets);
    mirror.reset(toCatalogSnapshotDto(snapshot.current()));
    expect(mirror.search('', 0, 100).hits.every((hit) => hit.item.locked)).toBe(true);

    locked = false;
    list(catalog, 'kv-contoso-ops', secrets.map((s) => ({ ...s })));
    await clock.advance(50);
    expect(mirror.search('', 0, 100).hits.map((hit) => hit.item.locked)).toEqual(secrets.map(() => false));
    expect(snapshot.current().items.every((item) => !item.locked)).toBe(true);
  });

  it('never carries a value: the snapshot and its diffs hold metadata only (canary scan)', async () => {
    const { clock, catalog, snapshot, diffs } = setUp();
    // A value reaches the catalog only if something maps it in by mistake: plant one where a
    // careless mapper would pick it up (an extra field on the stored object).
    const stored = { name: 'dc01-root', locked: false, value: CANARY } as StoredSecret;
    list(catalog, 'kv-contoso-ops', [stored, { name: 'fw01-admin', locked: false, tags: { host: 'fw01' } }]);
    await clock.advance(50);
    const wire = JSON.stringify([toCatalogSnapshotDto(snapshot.current()), diffs.map(toCatalogDiffDto)]);
    expect(wire).toContain('dc01-root');
    expect(wire).toContain('fw01');
    expect(wire).not.toContain(CANARY);
  });
});
