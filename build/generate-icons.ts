/**
 * Writes build/icons/icon.png (512×512), the placeholder application icon electron-builder turns
 * into .ico/.icns: the tray's closed padlock, white on a blue rounded square. Drawn by the same code
 * as the tray icons (main/platform/png-image.ts), so no binary asset needs reviewing.
 *   npx tsx build/generate-icons.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodePng, paint, type Rgba } from '../main/platform/png-image.js';

const BLUE: Rgba = [29, 78, 216, 255];
const WHITE: Rgba = [255, 255, 255, 255];

function inRoundedSquare(x: number, y: number, half = 0.94, radius = 0.3): boolean {
  const dx = Math.max(Math.abs(x) - (half - radius), 0);
  const dy = Math.max(Math.abs(y) - (half - radius), 0);
  return Math.hypot(dx, dy) <= radius;
}

function inPadlock(x: number, y: number): boolean {
  const s = 1.75; // the tray glyph, scaled into the square
  const u = x * s;
  const v = y * s - 0.12;
  const body = Math.abs(u) <= 0.72 && v >= -0.12 && v <= 0.86;
  const keyhole = Math.hypot(u, v - 0.3) <= 0.13 || (Math.abs(u) <= 0.06 && v >= 0.3 && v <= 0.6);
  const d = Math.hypot(u, v + 0.38);
  const shackle = (v <= -0.38 && d <= 0.52 && d >= 0.3) || (Math.abs(Math.abs(u) - 0.41) <= 0.11 && v > -0.38 && v <= -0.1);
  return (body && !keyhole) || shackle;
}

const size = 512;
const pixels = paint(size, (x, y) => (inRoundedSquare(x, y) ? (inPadlock(x, y) ? WHITE : BLUE) : undefined));
const dir = join(import.meta.dirname, 'icons');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'icon.png'), encodePng(size, size, pixels));
process.stdout.write(`wrote ${join(dir, 'icon.png')}\n`);
