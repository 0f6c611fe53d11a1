import type { Point, Rectangle } from 'electron';

/** Gap between the tray icon (or pointer) and the popup, in DIPs. */
const GAP = 8;

/**
 * Where the quick-lookup popup goes: centred on the tray icon, on the side of the icon that faces
 * the screen (below a top menu bar, above a bottom taskbar, beside a side taskbar), clamped into the
 * display's work area. When the tray cannot report its bounds (Linux reports zeros) the anchor is
 * the pointer instead.
 */
export function popupPosition(options: { anchor: Rectangle; workArea: Rectangle; size: { width: number; height: number } }): Point {
  const { anchor, workArea, size } = options;
  const centreX = anchor.x + anchor.width / 2;
  const centreY = anchor.y + anchor.height / 2;
  const space = {
    top: anchor.y - workArea.y,
    bottom: workArea.y + workArea.height - (anchor.y + anchor.height),
    left: anchor.x - workArea.x,
    right: workArea.x + workArea.width - (anchor.x + anchor.width),
  };
  // The taskbar/menu bar holding the icon is on the edge the icon is closest to (often outside the
  // work area, so that space is negative): open away from that edge.
  const edge = (Object.keys(space) as (keyof typeof space)[]).reduce((a, b) => (space[b] < space[a] ? b : a));
  const beside = { x: centreX - size.width / 2, y: centreY - size.height / 2 };
  const placed: Record<keyof typeof space, Point> = {
    top: { x: beside.x, y: anchor.y + anchor.height + GAP },
    bottom: { x: beside.x, y: anchor.y - size.height - GAP },
    left: { x: anchor.x + anchor.width + GAP, y: beside.y },
    right: { x: anchor.x - size.width - GAP, y: beside.y },
  };
  const { x, y } = placed[edge];
  const clamp = (value: number, min: number, max: number) => Math.round(Math.min(Math.max(value, min), Math.max(min, max)));
  return {
    x: clamp(x, workArea.x, workArea.x + workArea.width - size.width),
    y: clamp(y, workArea.y, workArea.y + workArea.height - size.height),
  };
}

/** A tray bounds rectangle that carries no position (Linux's tray.getBounds()). */
export function isEmptyBounds(bounds: Rectangle | undefined): boolean {
  return !bounds || (bounds.width === 0 && bounds.height === 0);
}
