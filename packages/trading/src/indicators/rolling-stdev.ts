import { WindowMoments } from "./window-moments.js";

export interface RollingStdevOptions {
  /** 1 = sample standard deviation (pandas' default, what the seed used), 0 = population. */
  readonly ddof?: 0 | 1;
  /** Values needed before a result is reported; defaults to the full window. */
  readonly minSamples?: number;
}

/** Standard deviation of the last `window` values (fewer while filling, once `minSamples` are in). */
export class RollingStdev {
  readonly window: number;
  private readonly ddof: 0 | 1;
  private readonly minSamples: number;
  private readonly moments: WindowMoments;
  private current: number | undefined;

  constructor(window: number, options: RollingStdevOptions = {}) {
    this.moments = new WindowMoments(window);
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

  update(x: number): number | undefined {
    this.moments.push(x);
    this.current =
      this.moments.size >= this.minSamples ? Math.sqrt(this.moments.variance(this.ddof)) : undefined;
    return this.current;
  }
}
