import { encodePng, paint, type Rgba } from './png-image.js';
import type { TrayState } from './tray-state.js';

/**
 * The tray's state icons, drawn in code as a padlock: grey and closed when locked, green and open
 * when a vault is unlocked, amber with dots while a request waits for approval or provisioning,
 * red with an exclamation mark when access ends soon. Shape and colour both change, so the state
 * reads without colour vision too.
 */
const COLOURS: Record<TrayState, Rgba> = {
  locked: [107, 114, 128, 255],
  unlocked: [22, 163, 74, 255],
  pending: [217, 119, 6, 255],
  expiring: [220, 38, 38, 255],
};
const WHITE: Rgba = [255, 255, 255, 255];

function inBody(x: number, y: number): boolean {
  return Math.abs(x) <= 0.72 && y >= -0.12 && y <= 0.86;
}

function inShackle(x: number, y: number, open: boolean): boolean {
  const cy = open ? -0.55 : -0.38;
  const d = Math.hypot(x, y - cy);
  const ring = d <= 0.52 && d >= 0.3;
  if (y <= cy) return ring; // the arch
  const leg = (Math.abs(x + 0.41) <= 0.11 || (!open && Math.abs(x - 0.41) <= 0.11)) && y <= -0.1;
  return leg;
}

function inMark(state: TrayState, x: number, y: number): boolean {
  switch (state) {
    case 'pending':
      return [-0.38, 0, 0.38].some((cx) => Math.hypot(x - cx, y - 0.37) <= 0.12);
    case 'expiring':
      return (Math.abs(x) <= 0.1 && y >= 0.06 && y <= 0.5) || Math.hypot(x, y - 0.68) <= 0.1;
    default:
      return Math.hypot(x, y - 0.3) <= 0.13 || (Math.abs(x) <= 0.06 && y >= 0.3 && y <= 0.6);
  }
}

/** RGBA pixels of one state's icon. */
export function trayIconPixels(state: TrayState, size: number): Uint8Array {
  const colour = COLOURS[state];
  const open = state === 'unlocked';
  return paint(size, (x, y) => {
    if (inBody(x, y)) return inMark(state, x, y) ? WHITE : colour;
    return inShackle(x, y, open) ? colour : undefined;
  });
}

/** PNG bytes of one state's icon at `size` pixels square. */
export function trayIconPng(state: TrayState, size: number): Buffer {
  return encodePng(size, size, trayIconPixels(state, size));
}
