import { NumberSlot } from "./number-slot.js";
import type { StreamingIndicator } from "./streaming-indicator.js";
import { WindowMoments } from "./window-moments.js";

export interface RollingStdevOptions {
  /** 1 = sample standard deviation (pandas' default, what the seed used), 0 = population (TA-Lib's STDDEV). */
  readonly ddof?: 0 | 1;
  /** Values needed before a result is reported; defaults to the full window. */
  readonly minSamples?: number;
}

/** Standard deviation of the last `window` values (fewer while filling, once `minSamples` are in). */
export class RollingStdev implements StreamingIndicator<number, number> {
  readonly window: number;
  private readonly ddof: 0 | 1;
  private readonly minSamples: number;
  private readonly moments: WindowMoments;
  private seen = 0;
  private readonly current = new NumberSlot();

  /** `moments` is for `clone` only: a copy reuses the window it was given instead of allocating one. */
  constructor(window: number, options: RollingStdevOptions = {}, moments?: WindowMoments) {
    this.moments = moments ?? new WindowMoments(window);
    this.window = window;
    this.ddof = options.ddof ?? 1;
    this.minSamples = Math.max(options.minSamples ?? window, this.ddof + 1);
    if (this.minSamples > window) {
      throw new RangeError(`minSamples (${this.minSamples}) exceeds window (${window})`);
    }
  }

  get value(): number | undefined {
    return this.current.value;
  }

  get warmupPeriod(): number {
    return this.minSamples;
  }

  get count(): number {
    return this.seen;
  }

  get ready(): boolean {
    return this.current.has;
  }

  update(x: number): number | undefined {
    this.seen++;
    this.moments.push(x);
    if (this.moments.size < this.minSamples) {
      this.current.clear();
      return undefined;
    }
    const stdev = Math.sqrt(this.moments.variance(this.ddof));
    this.current.set(stdev);
    return stdev;
  }

  reset(): void {
    this.moments.clear();
    this.seen = 0;
    this.current.clear();
  }

  clone(): RollingStdev {
    const copy = new RollingStdev(this.window, { ddof: this.ddof, minSamples: this.minSamples }, this.moments.clone());
    copy.seen = this.seen;
    copy.current.copyFrom(this.current);
    return copy;
  }
}
