import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { scrollToReveal, visibleRange, VirtualList } from '../../../../renderer/src/components/virtual-list.js';
import { createFakeBridge, demoData, item } from '../fake-bridge.js';
import { flush, renderApp } from '../render-app.js';

describe('visibleRange / scrollToReveal', () => {
  it('renders the rows in view plus overscan, clamped to the list', () => {
    expect(visibleRange(0, 400, 40, 10_000, 5)).toEqual([0, 15]);
    expect(visibleRange(4_000, 400, 40, 10_000, 5)).toEqual([95, 115]);
    expect(visibleRange(399_600, 400, 40, 10_000, 5)).toEqual([9_985, 10_000]);
    expect(visibleRange(0, 400, 40, 0, 5)).toEqual([0, 0]);
    expect(visibleRange(0, 400, 40, 3, 5)).toEqual([0, 3]);
  });

  it('scrolls only as far as needed to show a row', () => {
    expect(scrollToReveal(5, 0, 400, 40)).toBe(0);
    expect(scrollToReveal(10, 0, 400, 40)).toBe(40);
    expect(scrollToReveal(2, 200, 400, 40)).toBe(80);
    expect(scrollToReveal(9_999, 0, 400, 40)).toBe(399_600);
  });
});

describe('VirtualList', () => {
  afterEach(cleanup);

  function renderList(activeIndex: number, onRangeChange = vi.fn()) {
    const utils = render(
      <VirtualList
        id="list"
        label="Things"
        count={10_000}
        rowHeight={40}
        activeIndex={activeIndex}
        optionId={(i) => `opt-${i}`}
        renderRow={(i) => `Row ${i}`}
        onRangeChange={onRangeChange}
        fallbackHeight={400}
        overscan={5}
      />,
    );
    return { ...utils, onRangeChange };
  }

  it('puts only a window of 10,000 rows in the DOM, each positioned and sized for the whole list', () => {
    const { onRangeChange } = renderList(0);
    const options = screen.getAllByRole('option');
    expect(options.length).toBe(15);
    expect(options[0]!.getAttribute('aria-setsize')).toBe('10000');
    expect(options[0]!.getAttribute('aria-posinset')).toBe('1');
    expect((document.querySelector('.vlist-spacer') as HTMLElement).style.height).toBe('400000px');
    expect(options[3]!.style.top).toBe('120px');
    expect(onRangeChange).toHaveBeenLastCalledWith(0, 15);
  });

  it('scrolling moves the window', () => {
    const { onRangeChange } = renderList(0);
    const listbox = screen.getByRole('listbox', { name: 'Things' });
    act(() => {
      listbox.scrollTop = 200_000;
      fireEvent.scroll(listbox);
    });
    const options = screen.getAllByRole('option');
    expect(options.length).toBe(20);
    expect(options[0]!.textContent).toBe('Row 4995');
    expect(onRangeChange).toHaveBeenLastCalledWith(4_995, 5_015);
  });

  it('keeps the active row in the window (keyboard navigation far down the list)', () => {
    const { rerender } = renderList(0);
    rerender(
      <VirtualList id="list" label="Things" count={10_000} rowHeight={40} activeIndex={7_500} optionId={(i) => `opt-${i}`} renderRow={(i) => `Row ${i}`} fallbackHeight={400} overscan={5} />,
    );
    expect(document.getElementById('opt-7500')?.getAttribute('aria-selected')).toBe('true');
    expect(screen.getByRole('listbox').scrollTop).toBe(7_501 * 40 - 400);
    expect(screen.getAllByRole('option').length).toBeLessThan(30);
    expect(screen.getByRole('listbox').getAttribute('aria-activedescendant')).toBe('opt-7500');
  });

  it('shows placeholders for rows not loaded yet', () => {
    render(<VirtualList id="l" label="L" count={3} rowHeight={40} activeIndex={0} optionId={(i) => `o-${i}`} renderRow={(i) => (i === 1 ? null : `Row ${i}`)} />);
    expect(screen.getAllByRole('option')[1]!.textContent).toBe('Loading…');
    expect(screen.getAllByRole('option')[1]!.getAttribute('aria-busy')).toBe('true');
  });
});

describe('quick lookup over 10,000 items', () => {
  afterEach(cleanup);

  it.each([
    ['over the bridge (main without a catalog snapshot)', false],
    ['from the renderer’s catalog snapshot', true],
  ])('loads pages as needed and renders only a window of rows, %s', async (_, withSnapshot) => {
    const data = demoData();
    data.items = Array.from({ length: 10_000 }, (_, i) => item({ vault: 'kv-contoso', name: `secret-${String(i).padStart(5, '0')}` }));
    const fake = createFakeBridge(data);
    if (!withSnapshot) fake.fail('vault:snapshot', 'unknown-channel');
    const { user } = await renderApp({ fake });
    expect(screen.getByText('10,000 secrets')).toBeTruthy();
    expect(screen.getAllByRole('option').length).toBeLessThan(40);
    expect(fake.callsTo('vault:searchPage')).toEqual(withSnapshot ? [] : [{ query: '', offset: 0, limit: 100 }]);
    await user.keyboard('{PageDown}'.repeat(20));
    await flush();
    const active = document.getElementById(screen.getByRole('combobox').getAttribute('aria-activedescendant')!)!;
    expect(active.textContent).toContain('secret-00160');
    expect(screen.getAllByRole('option').length).toBeLessThan(40);
    // Paging: two pages fetched in all (rows 0–199), not 10,000 items; with the snapshot none
    // crossed the bridge (searched in the renderer).
    expect(fake.callsTo('vault:searchPage').map((c) => c.offset)).toEqual(withSnapshot ? [] : [0, 100]);
  });
});

describe('VirtualList while typing', () => {
  afterEach(cleanup);

  const list = (count: number, activeIndex = 0) => (
    <VirtualList id="list" label="Things" count={count} rowHeight={40} activeIndex={activeIndex} optionId={(i) => `opt-${i}`} renderRow={(i) => `Row ${i}`} fallbackHeight={400} overscan={5} />
  );

  it('does not read the scroll position (a forced layout in the keystroke) when only the number of results changes', () => {
    const { rerender } = render(list(10_000));
    const listbox = screen.getByRole('listbox');
    let reads = 0;
    const own = Object.getOwnPropertyDescriptor(Element.prototype, 'scrollTop')!;
    Object.defineProperty(listbox, 'scrollTop', {
      configurable: true,
      get() {
        reads++;
        return own.get!.call(this);
      },
      set(value: number) {
        own.set!.call(this, value);
      },
    });
    rerender(list(4_000));
    rerender(list(120));
    expect(reads).toBe(0);
    expect(screen.getAllByRole('option')[0]!.textContent).toBe('Row 0');
    // A move of the active row still reads where the user scrolled to.
    rerender(list(120, 30));
    expect(reads).toBeGreaterThan(0);
    expect(listbox.scrollTop).toBe(31 * 40 - 400);
  });

  it('keeps the position the user scrolled to when the results change', () => {
    const { rerender } = render(list(10_000, 3));
    const listbox = screen.getByRole('listbox');
    act(() => {
      listbox.scrollTop = 2_000;
      fireEvent.scroll(listbox);
    });
    rerender(list(9_000, 3));
    // The active row (3) is above the view: revealed, as before the change.
    expect(listbox.scrollTop).toBe(120);
    expect(screen.getAllByRole('option')[0]!.textContent).toBe('Row 0');
  });
});
