import { RollingWindow } from "./rolling-window.js";
import type { StreamingIndicator } from "./streaming-indicator.js";

/** Simple moving average; defined once `period` values were seen (TA-Lib's SMA). */
export class Sma implements StreamingIndicator<number, number> {
  readonly period: number;
  private readonly window: RollingWindow;
  private sum = 0;
  private seen = 0;
  // The latest mean, NaN before the first: a number-only field is stored unboxed, so an update allocates nothing.
  private mean = Number.NaN;

  /** `window` is for `clone` only: a copy reuses the window it was given instead of allocating one. */
  constructor(period: number, window?: RollingWindow) {
    this.window = window ?? new RollingWindow(period);
    this.period = period;
  }

  get value(): number | undefined {
    return this.window.full ? this.mean : undefined;
  }

  get warmupPeriod(): number {
    return this.period;
  }

  get count(): number {
    return this.seen;
  }

  get ready(): boolean {
    return this.window.full;
  }

  update(x: number): number | undefined {
    this.seen++;
    const evicted = this.window.push(x);
    this.sum += evicted === undefined ? x : x - evicted;
    // A running sum drifts over millions of updates; re-summing once per lap keeps it exact
    // at amortised O(1).
    if (this.window.wrapped) {
      let s = 0;
      this.window.forEach((v) => {
        s += v;
      });
      this.sum = s;
    }
    if (!this.window.full) return undefined;
    this.mean = this.sum / this.period;
    return this.mean;
  }

  reset(): void {
    this.window.clear();
    this.sum = 0;
    this.seen = 0;
    this.mean = Number.NaN;
  }

  clone(): Sma {
    const copy = new Sma(this.period, this.window.clone());
    copy.sum = this.sum;
    copy.seen = this.seen;
    copy.mean = this.mean;
    return copy;
  }
}
