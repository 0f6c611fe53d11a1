import { describe, expect, it } from 'vitest';
import { SecretSearchIndex, nameMatchRanges, queryTerms, type SearchDocument } from '../../../../shared/search/secret-search.index.js';

function doc(vault: string, name: string, extra: Partial<SearchDocument> = {}): SearchDocument {
  return { key: `${vault}/${name.toLowerCase()}`, vault, name, ...extra };
}

const docs: SearchDocument[] = [
  doc('kv-contoso-servers', 'srv-dc01-root', { customer: 'Contoso', tags: { env: 'prod', host: 'dc01' } }),
  doc('kv-contoso-servers', 'srv-sql02-sa', { customer: 'Contoso', tags: { env: 'prod' } }),
  doc('kv-contoso-network', 'fw-branch-042-admin', { customer: 'Contoso', tags: { site: 'Malmo' } }),
  doc('kv-fabrikam-ops', 'root-esx01', { customer: 'Fabrikam Manufacturing', vaultDisplayName: 'Fabrikam operations' }),
  doc('kv-fabrikam-ops', 'SqlAdminPassword', { customer: 'Fabrikam Manufacturing', tags: { env: 'test' } }),
  doc('kv-fabrikam-ops', 'vpn-preshared-key', { customer: 'Fabrikam Manufacturing' }),
  doc('kv-contoso-network', 'root', { customer: 'Contoso' }),
];

const names = (index: SecretSearchIndex<SearchDocument>, query: string) => index.search(query).items.map((d) => `${d.vault}/${d.name}`);

describe('SecretSearchIndex', () => {
  it('ranks an exact name first, then names starting with the word, then other name words', () => {
    const index = new SecretSearchIndex(docs);
    expect(names(index, 'root')).toEqual(['kv-contoso-network/root', 'kv-fabrikam-ops/root-esx01', 'kv-contoso-servers/srv-dc01-root']);
  });

  it('puts favourites first, whatever their rank', () => {
    const index = new SecretSearchIndex(docs);
    index.setFavourites(new Set(['kv-contoso-servers/srv-dc01-root']));
    expect(names(index, 'root')[0]).toBe('kv-contoso-servers/srv-dc01-root');
    expect(names(index, '')[0]).toBe('kv-contoso-servers/srv-dc01-root');
  });

  it('matches the customer label, the vault display name and tags, below name matches', () => {
    const index = new SecretSearchIndex(docs);
    expect(names(index, 'fabrikam')).toEqual(['kv-fabrikam-ops/root-esx01', 'kv-fabrikam-ops/SqlAdminPassword', 'kv-fabrikam-ops/vpn-preshared-key']);
    expect(names(index, 'malmo')).toEqual(['kv-contoso-network/fw-branch-042-admin']);
    expect(names(index, 'operations')).toEqual(['kv-fabrikam-ops/root-esx01']);
  });

  it('requires every word (AND) across fields: "fabrikam sql" narrows to one', () => {
    const index = new SecretSearchIndex(docs);
    expect(names(index, 'fabrikam sql')).toEqual(['kv-fabrikam-ops/SqlAdminPassword']);
    expect(names(index, 'contoso prod sql')).toEqual(['kv-contoso-servers/srv-sql02-sa']);
    expect(index.search('contoso nothing-like-this').total).toBe(0);
  });

  it('splits camelCase names, so "admin" and "sqladmin" find SqlAdminPassword', () => {
    const index = new SecretSearchIndex(docs);
    expect(names(index, 'sqladmin')).toEqual(['kv-fabrikam-ops/SqlAdminPassword']);
    expect(names(index, 'password')).toEqual(['kv-fabrikam-ops/SqlAdminPassword']);
    expect(names(index, 'admin')).toContain('kv-fabrikam-ops/SqlAdminPassword');
  });

  it('forgives a typo in words of four letters or more (Fuse), ranked below exact matches', () => {
    const index = new SecretSearchIndex(docs);
    expect(names(index, 'fabrkam')).toHaveLength(3);
    expect(names(index, 'presahred')).toEqual(['kv-fabrikam-ops/vpn-preshared-key']);
    expect(index.search('rot').total).toBe(0); // three letters: no typo matching
  });

  it('matches inside words and reports the total beyond the limit', () => {
    const many = Array.from({ length: 120 }, (_, i) => doc('kv-a', `host${i}-localadmin`));
    const index = new SecretSearchIndex(many);
    const answer = index.search('admin', 10);
    expect(answer.items).toHaveLength(10);
    expect(answer.total).toBe(120);
    expect(answer.items.map((d) => d.name)).toEqual([...answer.items.map((d) => d.name)].sort());
  });

  it('splits the query like the names and ignores duplicates', () => {
    expect(queryTerms('  SRV-dc01  srv ')).toEqual(['srv', 'dc01']);
    const index = new SecretSearchIndex(docs);
    expect(names(index, 'srv-dc01')).toEqual(['kv-contoso-servers/srv-dc01-root']);
  });

  it('pages through the same ranking with an offset', () => {
    const many = Array.from({ length: 30 }, (_, i) => doc('kv-a', `host${String(i).padStart(2, '0')}-admin`));
    const index = new SecretSearchIndex(many);
    index.setFavourites(new Set(['kv-a/host29-admin']));
    const all = index.search('admin', 30).items.map((d) => d.name);
    expect(all[0]).toBe('host29-admin');
    const pages = [0, 10, 20].flatMap((offset) => index.search('admin', 10, offset).items.map((d) => d.name));
    expect(pages).toEqual(all);
    expect(index.search('admin', 10, 25)).toMatchObject({ total: 30 });
    expect(index.search('admin', 10, 25).items).toHaveLength(5);
  });

  it('reports where the query words occur in a name, merged, for highlighting', () => {
    expect(nameMatchRanges('SqlAdmin-SQL02', 'sql adm')).toEqual([
      [0, 5],
      [9, 11],
    ]);
    expect(nameMatchRanges('root', 'rot')).toEqual([]);
  });
});
