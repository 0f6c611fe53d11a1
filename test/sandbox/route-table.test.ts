import { describe, expect, it } from 'vitest';
import { RouteTable } from '../../sandbox/http/route-table.js';

/** The sandbox's one route matcher (Entra/admin through Router, Key Vault's operations, Graph's patterns). */
describe('RouteTable', () => {
  const table = new RouteTable<string>()
    .add('GET', '/secrets/deleted', 'deleted list')
    .add('GET', '/secrets/:name/:version?', 'get secret')
    .add('PUT', '/secrets/:name', 'set secret')
    .add('*', '/health', 'health')
    .add('GET', /^\/groups\/(?<id>[^/]+)\/members\(on='([^']*)'\)$/i, 'members');

  it('matches templates in order (a literal segment before :name) and decodes parameters', () => {
    expect(table.match('GET', '/secrets/deleted')).toMatchObject({ route: 'deleted list', params: {} });
    expect(table.match('GET', '/secrets/db%2Droot/')).toMatchObject({ route: 'get secret', params: { name: 'db-root' } });
    expect(table.match('get', '/secrets/db-root/abc123')).toMatchObject({ route: 'get secret', params: { name: 'db-root', version: 'abc123' } });
    expect(table.match('GET', '/secrets/bad%zz')).toMatchObject({ params: { name: 'bad%zz' } }); // not valid percent-encoding: kept raw
  });

  it('tells a path served with another method (405) from an unknown path (404)', () => {
    expect(table.match('DELETE', '/secrets/db-root')).toEqual({ route: null, methodMismatch: true });
    expect(table.match('GET', '/keys/k1')).toEqual({ route: null, methodMismatch: false });
    expect(table.match('PATCH', '/health')).toMatchObject({ route: 'health' });
  });

  it('a regular expression gives its named groups as parameters and the raw match for the rest', () => {
    const found = table.match('GET', "/GROUPS/g-1/members(on='principal')");
    expect(found).toMatchObject({ route: 'members', params: { id: 'g-1' } });
    expect(found.route && found.match[2]).toBe('principal');
  });
});
