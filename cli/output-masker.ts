import { StringDecoder } from 'node:string_decoder';
import { Transform, type TransformCallback } from 'node:stream';

/** What a masked value is replaced with in a child's output (1Password's `op run` does the same). */
export const MASK = '<concealed by jit-vault>';

/**
 * Replaces every occurrence of the given values in a byte stream with MASK, across chunk boundaries:
 * only the end of the buffer that could still be the start of a value is held back, so ordinary
 * output is passed on at once. Values shorter than 3 characters are not masked (they would mask
 * ordinary text and hide nothing).
 */
export class OutputMasker extends Transform {
  private readonly decoder = new StringDecoder('utf8');
  private readonly values: string[];
  private pending = '';

  constructor(values: readonly string[]) {
    super();
    // Longest first, so a value containing another is masked whole.
    this.values = [...new Set(values.filter((v) => v.length >= 3))].sort((a, b) => b.length - a.length);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.pending += this.decoder.write(chunk);
    const masked = this.mask(this.pending);
    const hold = this.heldBack(masked);
    this.pending = masked.slice(masked.length - hold);
    if (masked.length - hold > 0) this.push(masked.slice(0, masked.length - hold));
    callback();
  }

  override _flush(callback: TransformCallback): void {
    const rest = this.mask(this.pending + this.decoder.end());
    this.pending = '';
    if (rest) this.push(rest);
    callback();
  }

  private mask(text: string): string {
    let out = text;
    for (const value of this.values) if (out.includes(value)) out = out.split(value).join(MASK);
    return out;
  }

  /** Length of the longest suffix of `text` that is a proper prefix of some value. */
  private heldBack(text: string): number {
    let longest = 0;
    for (const value of this.values) {
      for (let n = Math.min(value.length - 1, text.length); n > longest; n--) {
        if (text.endsWith(value.slice(0, n))) {
          longest = n;
          break;
        }
      }
    }
    return longest;
  }
}
