/**
 * A push-to-pull bridge: events pushed synchronously by an emitter are read with `for await`.
 * Subscribing happens before iteration starts (unlike a lazy async generator), so no event
 * emitted between creating the queue and the first `next()` is lost. Unbounded by design: a
 * catalog refresh produces at most a few hundred events.
 */
export class AsyncEventQueue<T> implements AsyncIterableIterator<T> {
  private readonly buffer: T[] = [];
  private waiting: ((result: IteratorResult<T>) => void) | undefined;
  private ended = false;

  /** @param onEnd runs once when the queue ends (producer `end()` or consumer `break`): unsubscribe there. */
  constructor(private readonly onEnd?: () => void) {}

  /** Adds an event (ignored after `end`). */
  push(event: T): void {
    if (this.ended) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: event, done: false });
    } else this.buffer.push(event);
  }

  /** No more events: iteration finishes once the buffer is drained. */
  end(): void {
    if (!this.ended) this.onEnd?.();
    this.ended = true;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: undefined, done: true });
    }
  }

  next(): Promise<IteratorResult<T>> {
    if (this.buffer.length > 0) return Promise.resolve({ value: this.buffer.shift()!, done: false });
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  /** The consumer stopped early (`break`): drop what is buffered. */
  return(): Promise<IteratorResult<T>> {
    this.buffer.length = 0;
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }
}
