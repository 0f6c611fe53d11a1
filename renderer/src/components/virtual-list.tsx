import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

/** The rows [start, end) to render for a scroll position: the visible ones plus `overscan` each side. */
export function visibleRange(scrollTop: number, viewportHeight: number, rowHeight: number, count: number, overscan: number): [number, number] {
  if (count <= 0 || rowHeight <= 0) return [0, 0];
  const first = Math.floor(scrollTop / rowHeight);
  const last = Math.ceil((scrollTop + viewportHeight) / rowHeight);
  return [Math.max(0, first - overscan), Math.min(count, last + overscan)];
}

/** The scrollTop that brings row `index` fully into view (unchanged when it already is). */
export function scrollToReveal(index: number, scrollTop: number, viewportHeight: number, rowHeight: number): number {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewportHeight) return Math.max(0, bottom - viewportHeight);
  return scrollTop;
}

export interface VirtualListProps {
  /** Element id of the listbox (the combobox's aria-controls). */
  id: string;
  label: string;
  count: number;
  /** Row height in CSS px (every row the same height). */
  rowHeight: number;
  activeIndex: number;
  /** The option element id for a row (the combobox's aria-activedescendant). */
  optionId(index: number): string;
  /** The row's content; null renders a "Loading…" placeholder row. */
  renderRow(index: number): ReactNode | null;
  /** Called with [start, end) whenever the rendered window changes. */
  onRangeChange?(start: number, end: number): void;
  /** Pointer selection (click) and choice (double click). */
  onSelect?(index: number): void;
  onChoose?(index: number): void;
  /** Keys pressed while the list itself has focus (it is focusable so it can be scrolled by keyboard). */
  onKeyDown?(event: KeyboardEvent<HTMLDivElement>): void;
  overscan?: number;
  /** Used until the real height is measured (jsdom has no layout). */
  fallbackHeight?: number;
}

/**
 * A windowed listbox: a spacer as tall as every row together and only the rows in view (plus a few)
 * in the DOM, absolutely positioned. Focus stays in the search box (aria-activedescendant pattern),
 * so rows never take focus; the active row is scrolled into view when it changes.
 *
 * Row offsets are set through React's `style` prop, which React applies via the CSSOM
 * (`element.style.top = …`), allowed under the `style-src 'self'` CSP — no style attribute is parsed.
 */
export function VirtualList(props: VirtualListProps) {
  const { count, rowHeight, activeIndex, onRangeChange, overscan = 6, fallbackHeight = 360 } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  /** The scroll position last seen (scroll events) or set here, and the active row it was revealed for. */
  const known = useRef({ scrollTop: 0, activeIndex });
  const [viewportHeight, setViewportHeight] = useState(fallbackHeight);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const measure = () => setViewportHeight(element.clientHeight || fallbackHeight);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [fallbackHeight]);

  // Keep the active row in view (keyboard navigation). Reading element.scrollTop forces a layout in
  // the middle of the commit, so it is read only when the active row moved; while typing (only
  // `count` changes) the position last seen is used: the keystroke's frame then lays out once.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element || count === 0) return;
    const current = activeIndex !== known.current.activeIndex ? element.scrollTop : known.current.scrollTop;
    const next = scrollToReveal(Math.min(activeIndex, count - 1), current, viewportHeight, rowHeight);
    if (next !== current) element.scrollTop = next;
    known.current = { scrollTop: next, activeIndex };
    setScrollTop(next);
  }, [activeIndex, count, rowHeight, viewportHeight]);

  const [start, end] = visibleRange(scrollTop, viewportHeight, rowHeight, count, overscan);

  useEffect(() => {
    onRangeChange?.(start, end);
  }, [start, end, onRangeChange]);

  const rows: ReactNode[] = [];
  for (let index = start; index < end; index++) {
    const content = props.renderRow(index);
    const active = index === activeIndex;
    rows.push(
      <div
        key={index}
        id={props.optionId(index)}
        role="option"
        aria-selected={active}
        aria-setsize={count}
        aria-posinset={index + 1}
        aria-busy={content === null || undefined}
        className={`vlist-row${active ? ' is-active' : ''}`}
        style={{ top: index * rowHeight, height: rowHeight }}
        // Keep focus in the search box; a click selects, a double click chooses.
        onMouseDown={(event) => event.preventDefault()}
        onClick={() => props.onSelect?.(index)}
        onDoubleClick={() => props.onChoose?.(index)}
      >
        {content ?? <span className="vlist-placeholder">Loading…</span>}
      </div>,
    );
  }

  return (
    <div
      ref={scroller}
      id={props.id}
      role="listbox"
      aria-label={props.label}
      aria-activedescendant={count > 0 ? props.optionId(Math.min(activeIndex, count - 1)) : undefined}
      tabIndex={0}
      className="vlist"
      onKeyDown={props.onKeyDown}
      onScroll={(event) => {
        known.current.scrollTop = event.currentTarget.scrollTop;
        setScrollTop(event.currentTarget.scrollTop);
      }}
    >
      <div className="vlist-spacer" style={{ height: count * rowHeight }}>
        {rows}
      </div>
    </div>
  );
}
