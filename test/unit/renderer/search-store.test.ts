import { describe, expect, it } from 'vitest';
import { createSearchStore } from '../../../renderer/src/state/search-store.js';
import { createFakeBridge, demoData, item } from './fake-bridge.js';

const settle = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

function bigData(count: number) {
  const data = demoData();
  data.items = Array.from({ length: count }, (_, i) => item({ vault: 'kv-contoso', name: `s-${String(i).padStart(5, '0')}` }));
  return data;
}

describe('search store', () => {
  it('fetches the first page for a query and learns the total', async () => {
    const fake = createFakeBridge(bigData(1_000));
    const store = createSearchStore(fake.bridge);
    store.getState().setQuery('');
    await settle();
    expect(store.getState().total).toBe(1_000);
    expect(store.getState().rows.filter(Boolean)).toHaveLength(100);
    expect(store.getState().status).toBe('ready');
  });

  it('fetches each page a shown range needs, once', async () => {
    const fake = createFakeBridge(bigData(1_000));
    const store = createSearchStore(fake.bridge);
    store.getState().setQuery('');
    await settle();
    store.getState().showRange(450, 520);
    store.getState().showRange(460, 530);
    await settle();
    expect(fake.callsTo('vault:searchPage').map((c) => c.offset)).toEqual([0, 400, 500]);
    expect(store.getState().rows[450]?.item.name).toBe('s-00450');
    expect(store.getState().rows[300]).toBeUndefined();
  });

  it('drops answers to an older query (typing fast)', async () => {
    const fake = createFakeBridge(bigData(50));
    const releases: (() => void)[] = [];
    fake.handle('vault:searchPage', ({ query }) => new Promise((resolve) => releases.push(() => resolve({ hits: query === 's-0004' ? [] : [{ item: fake.data.items[0]! }], total: query === 's-0004' ? 0 : 1 }))));
    const store = createSearchStore(fake.bridge);
    store.getState().setQuery('s-0004');
    store.getState().setQuery('s-00001');
    releases[1]!();
    await settle();
    releases[0]!();
    await settle();
    expect(store.getState().query).toBe('s-00001');
    expect(store.getState().total).toBe(1);
  });

  it('reports errors with their code', async () => {
    const fake = createFakeBridge();
    fake.fail('vault:searchPage', 'not-signed-in');
    const store = createSearchStore(fake.bridge);
    store.getState().setQuery('x');
    await settle();
    expect(store.getState().status).toBe('error');
    expect(store.getState().error?.code).toBe('not-signed-in');
  });

  it('refresh keeps the position and re-reads the shown rows', async () => {
    const fake = createFakeBridge(bigData(300));
    const store = createSearchStore(fake.bridge);
    store.getState().setQuery('');
    await settle();
    store.getState().showRange(210, 230);
    store.getState().setActive(215);
    await settle();
    fake.data.items[215]!.locked = true;
    store.getState().refresh();
    await settle();
    expect(store.getState().activeIndex).toBe(215);
    expect(store.getState().rows[215]?.item.locked).toBe(true);
  });
});
