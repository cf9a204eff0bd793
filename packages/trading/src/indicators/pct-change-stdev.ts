import { RollingStdev } from "./rolling-stdev.js";

/**
 * Sample standard deviation of the percentage changes between consecutive closes among the last
 * `windowCloses` closes (so `windowCloses - 1` changes), reported once `minCloses` closes were seen.
 * This is the seed's `pd.Series(closes).pct_change().std()`, made incremental.
 */
export class PctChangeStdev {
  readonly windowCloses: number;
  private readonly stdev: RollingStdev;
  private prev: number | undefined;
  private current: number | undefined;

  constructor(windowCloses: number, minCloses: number = windowCloses) {
    if (!Number.isInteger(windowCloses) || windowCloses < 3) {
      throw new RangeError(`windowCloses must be an integer >= 3, got ${windowCloses}`);
    }
    if (!Number.isInteger(minCloses) || minCloses < 3 || minCloses > windowCloses) {
      throw new RangeError(`minCloses must be an integer in [3, ${windowCloses}], got ${minCloses}`);
    }
    this.windowCloses = windowCloses;
    this.stdev = new RollingStdev(windowCloses - 1, { ddof: 1, minSamples: minCloses - 1 });
  }

  get value(): number | undefined {
    return this.current;
  }

  /** Closes must be positive; callers validate bars before feeding them. */
  update(close: number): number | undefined {
    const prev = this.prev;
    this.prev = close;
    if (prev === undefined) return undefined;
    this.current = this.stdev.update(close / prev - 1);
    return this.current;
  }
}
