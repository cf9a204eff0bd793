/**
 * Fixed-capacity FIFO of numbers over a Float64Array. `push` returns the value it evicts, so
 * callers can keep running aggregates in O(1).
 */
export class RollingWindow {
  readonly capacity: number;
  private readonly buf: Float64Array;
  private head = 0;
  private count = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`RollingWindow capacity must be a positive integer, got ${capacity}`);
    }
    this.capacity = capacity;
    this.buf = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  get full(): boolean {
    return this.count === this.capacity;
  }

  /** True right after a push that wrapped the write position back to slot 0. */
  get wrapped(): boolean {
    return this.head === 0 && this.count > 0;
  }

  /** Appends `x`; returns the evicted oldest value once the window is full, else undefined. */
  push(x: number): number | undefined {
    let evicted: number | undefined;
    if (this.count === this.capacity) {
      evicted = this.buf[this.head];
    } else {
      this.count++;
    }
    this.buf[this.head] = x;
    this.head = this.head + 1 === this.capacity ? 0 : this.head + 1;
    return evicted;
  }

  /** Value `i` positions from the oldest (0 = oldest, size-1 = newest). */
  at(i: number): number {
    if (i < 0 || i >= this.count) throw new RangeError(`index ${i} outside window of ${this.count}`);
    const start = this.count === this.capacity ? this.head : 0;
    const j = start + i;
    return this.buf[j >= this.capacity ? j - this.capacity : j] as number;
  }

  /** Newest value, or undefined when empty. */
  last(): number | undefined {
    if (this.count === 0) return undefined;
    return this.buf[this.head === 0 ? this.capacity - 1 : this.head - 1];
  }

  forEach(fn: (x: number) => void): void {
    for (let i = 0; i < this.count; i++) fn(this.at(i));
  }
}
