import { describe, expect, it } from 'vitest';
import { CatalogMirror } from '../../../../renderer/src/state/catalog-mirror.js';
import { item } from '../fake-bridge.js';

describe('CatalogMirror customer labels', () => {
  const contoso = item({ vault: 'kv-contoso', customer: 'Contoso', name: 'a' });
  const fabrikam = item({ vault: 'kv-fabrikam', customer: 'Fabrikam', name: 'b' });

  it('reads the labels once per catalog state (the filter asks on every keystroke) and again after each change', () => {
    const mirror = new CatalogMirror();
    mirror.reset({ type: 'reset', revision: 1, items: [contoso] });
    const first = mirror.customers();
    expect(first).toEqual(['Contoso']);
    // Same catalog: the same answer object, not a new scan of every item.
    expect(mirror.customers()).toBe(first);

    expect(mirror.apply({ type: 'diff', base: 1, revision: 2, upserts: [fabrikam], removed: [] })).toBe('applied');
    expect(mirror.customers()).toEqual(['Contoso', 'Fabrikam']);
    expect(mirror.apply({ type: 'diff', base: 2, revision: 3, upserts: [], removed: [contoso.key] })).toBe('applied');
    expect(mirror.customers()).toEqual(['Fabrikam']);

    mirror.reset({ type: 'reset', revision: 4, items: [contoso, fabrikam] });
    expect(mirror.customers()).toEqual(['Contoso', 'Fabrikam']);
    mirror.clear();
    expect(mirror.customers()).toEqual([]);
  });
});
