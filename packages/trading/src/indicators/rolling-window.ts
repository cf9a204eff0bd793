/**
 * Fixed-capacity FIFO of numbers. `push` returns the value it evicts, so callers can keep running
 * aggregates in O(1). The ring is a plain array of doubles, not a Float64Array: V8 allocates and copies
 * those on its own heap, while every typed array costs an ArrayBuffer and external-memory accounting,
 * which made checkpoint copies (FeatureStream) dominate the update cost.
 */
export class RollingWindow {
  private cap: number;
  private buf: number[];
  private head = 0;
  private count = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`RollingWindow capacity must be a positive integer, got ${capacity}`);
    }
    this.cap = capacity;
    this.buf = new Array<number>(capacity).fill(0);
  }

  get capacity(): number {
    return this.cap;
  }

  get size(): number {
    return this.count;
  }

  get full(): boolean {
    return this.count === this.cap;
  }

  /** True right after a push that wrapped the write position back to slot 0. */
  get wrapped(): boolean {
    return this.head === 0 && this.count > 0;
  }

  /** Appends `x`; returns the evicted oldest value once the window is full, else undefined. */
  push(x: number): number | undefined {
    let evicted: number | undefined;
    if (this.count === this.cap) {
      evicted = this.buf[this.head];
    } else {
      this.count++;
    }
    this.buf[this.head] = x;
    this.head = this.head + 1 === this.cap ? 0 : this.head + 1;
    return evicted;
  }

  /** Value `i` positions from the oldest (0 = oldest, size-1 = newest). */
  at(i: number): number {
    if (i < 0 || i >= this.count) throw new RangeError(`index ${i} outside window of ${this.count}`);
    const start = this.count === this.cap ? this.head : 0;
    const j = start + i;
    return this.buf[j >= this.cap ? j - this.cap : j] as number;
  }

  /** Newest value, or undefined when empty. */
  last(): number | undefined {
    if (this.count === 0) return undefined;
    return this.buf[this.head === 0 ? this.cap - 1 : this.head - 1];
  }

  forEach(fn: (x: number) => void): void {
    for (let i = 0; i < this.count; i++) fn(this.at(i));
  }

  /** Empties the window (values are overwritten as new ones arrive). */
  clear(): void {
    this.head = 0;
    this.count = 0;
  }

  clone(): RollingWindow {
    // Built from a one-slot window, so the copy allocates only the buffer it keeps.
    const copy = new RollingWindow(1);
    copy.cap = this.cap;
    copy.buf = this.buf.slice();
    copy.head = this.head;
    copy.count = this.count;
    return copy;
  }
}
