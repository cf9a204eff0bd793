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
  // The latest value as a flag plus a number-only field: V8 keeps such a field as an unboxed double, while a
  // `number | undefined` field boxes every new value (one heap allocation per update, for the GC to sweep).
  private has = false;
  private latest = 0;

  private get current(): number | undefined {
    return this.has ? this.latest : undefined;
  }

  private set current(value: number | undefined) {
    if (value === undefined) {
      this.has = false;
    } else {
      this.has = true;
      this.latest = value;
    }
  }

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
    return this.current;
  }

  get warmupPeriod(): number {
    return this.minSamples;
  }

  get count(): number {
    return this.seen;
  }

  get ready(): boolean {
    return this.current !== undefined;
  }

  update(x: number): number | undefined {
    this.seen++;
    this.moments.push(x);
    this.current =
      this.moments.size >= this.minSamples ? Math.sqrt(this.moments.variance(this.ddof)) : undefined;
    return this.current;
  }

  reset(): void {
    this.moments.clear();
    this.seen = 0;
    this.current = undefined;
  }

  clone(): RollingStdev {
    const copy = new RollingStdev(this.window, { ddof: this.ddof, minSamples: this.minSamples }, this.moments.clone());
    copy.seen = this.seen;
    copy.current = this.current;
    return copy;
  }
}
