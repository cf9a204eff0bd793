import { RollingWindow } from "./rolling-window.js";

/**
 * Mean and variance of the last `capacity` values in O(1) per update. Sums are kept relative to a
 * shift (a recent mean) and rebuilt once per lap, which avoids both the cancellation of the naive
 * sum-of-squares formula and long-run drift. When the spread becomes tiny next to the distance from
 * the shift (a level jump), the sums are rebuilt at once, so a window of equal values gives exactly 0.
 */
export class WindowMoments {
  private readonly window: RollingWindow;
  private shift = 0;
  private sum = 0;
  private sumSq = 0;

  /** `window` is for `clone` only: a copy reuses the window it was given instead of allocating one. */
  constructor(capacity: number, window?: RollingWindow) {
    this.window = window ?? new RollingWindow(capacity);
  }

  get size(): number {
    return this.window.size;
  }

  get full(): boolean {
    return this.window.full;
  }

  push(x: number): void {
    if (this.window.size === 0) this.shift = x;
    const evicted = this.window.push(x);
    const d = x - this.shift;
    this.sum += d;
    this.sumSq += d * d;
    if (evicted !== undefined) {
      const e = evicted - this.shift;
      this.sum -= e;
      this.sumSq -= e * e;
    }
    if (this.window.wrapped || this.sumSq - (this.sum * this.sum) / this.window.size < this.sumSq * 1e-4) {
      this.rebuild();
    }
  }

  clear(): void {
    this.window.clear();
    this.shift = 0;
    this.sum = 0;
    this.sumSq = 0;
  }

  clone(): WindowMoments {
    const copy = new WindowMoments(this.window.capacity, this.window.clone());
    copy.shift = this.shift;
    copy.sum = this.sum;
    copy.sumSq = this.sumSq;
    return copy;
  }

  mean(): number {
    return this.shift + this.sum / this.window.size;
  }

  /** Variance with `ddof` delta degrees of freedom (0 = population, 1 = sample); never negative. */
  variance(ddof: 0 | 1): number {
    const n = this.window.size;
    const v = (this.sumSq - (this.sum * this.sum) / n) / (n - ddof);
    return v > 0 ? v : 0;
  }

  private rebuild(): void {
    let s = 0;
    this.window.forEach((v) => {
      s += v;
    });
    const shift = s / this.window.size;
    let sum = 0;
    let sumSq = 0;
    this.window.forEach((v) => {
      const d = v - shift;
      sum += d;
      sumSq += d * d;
    });
    this.shift = shift;
    this.sum = sum;
    this.sumSq = sumSq;
  }
}
