/** Where progress goes: stderr, so stdout stays clean for values and JSON. */
export interface ProgressSink {
  write(text: string): void;
  readonly isTTY?: boolean;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * Progress of a long wait (PIM approval, provisioning, readiness). On a terminal: one line with a
 * spinner, rewritten in place. Otherwise (CI logs, pipes): one plain line per change of state, no
 * control characters, so logs stay readable.
 */
export class Progress {
  private text = '';
  private frame = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly sink: ProgressSink) {}

  /** Shows a new state (a repeated state is not printed again). */
  update(text: string): void {
    if (text === this.text) return;
    this.text = text;
    if (!this.sink.isTTY) {
      this.sink.write(`${text}\n`);
      return;
    }
    this.render();
    this.timer ??= setInterval(() => this.render(), 100);
    this.timer.unref();
  }

  /** Ends the progress line with a final message. */
  done(text: string): void {
    this.stop();
    this.sink.write(this.sink.isTTY ? `\r\x1b[2K${text}\n` : `${text}\n`);
  }

  /** Clears the spinner line (before other output or on exit). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.sink.isTTY && this.text) this.sink.write('\r\x1b[2K');
  }

  private render(): void {
    this.frame = (this.frame + 1) % FRAMES.length;
    this.sink.write(`\r\x1b[2K${FRAMES[this.frame]} ${this.text}`);
  }
}
