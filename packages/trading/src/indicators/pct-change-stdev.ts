import { RollingStdev } from "./rolling-stdev.js";
import type { StreamingIndicator } from "./streaming-indicator.js";

/**
 * Sample standard deviation of the percentage changes between consecutive closes among the last
 * `windowCloses` closes (so `windowCloses - 1` changes), reported once `minCloses` closes were seen.
 * This is the seed's `pd.Series(closes).pct_change().std()`, made incremental. `breakSeries()` marks
 * a gap the next change must not span (a session boundary): the window keeps the changes it has.
 */
export class PctChangeStdev implements StreamingIndicator<number, number> {
  readonly windowCloses: number;
  private readonly minCloses: number;
  private readonly stdev: RollingStdev;
  // Flag plus number-only field, unboxed by V8 (see `current`): no allocation per update.
  private hasPrev = false;
  private prevValue = 0;

  private get prev(): number | undefined {
    return this.hasPrev ? this.prevValue : undefined;
  }

  private set prev(value: number | undefined) {
    if (value === undefined) {
      this.hasPrev = false;
    } else {
      this.hasPrev = true;
      this.prevValue = value;
    }
  }
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

  /** `stdev` is for `clone` only: a copy reuses the window it was given instead of allocating one. */
  constructor(windowCloses: number, minCloses: number = windowCloses, stdev?: RollingStdev) {
    if (!Number.isInteger(windowCloses) || windowCloses < 3) {
      throw new RangeError(`windowCloses must be an integer >= 3, got ${windowCloses}`);
    }
    if (!Number.isInteger(minCloses) || minCloses < 3 || minCloses > windowCloses) {
      throw new RangeError(`minCloses must be an integer in [3, ${windowCloses}], got ${minCloses}`);
    }
    this.windowCloses = windowCloses;
    this.minCloses = minCloses;
    this.stdev = stdev ?? new RollingStdev(windowCloses - 1, { ddof: 1, minSamples: minCloses - 1 });
  }

  get value(): number | undefined {
    return this.current;
  }

  /** Closes needed without a break in between. */
  get warmupPeriod(): number {
    return this.minCloses;
  }

  get count(): number {
    return this.seen;
  }

  get ready(): boolean {
    return this.current !== undefined;
  }

  /** Closes must be positive; callers validate bars before feeding them. */
  update(close: number): number | undefined {
    this.seen++;
    const prev = this.prev;
    this.prev = close;
    if (prev === undefined) return this.current;
    this.current = this.stdev.update(close / prev - 1);
    return this.current;
  }

  /** The next close starts a new series: no change is computed across the break. */
  breakSeries(): void {
    this.prev = undefined;
  }

  reset(): void {
    this.stdev.reset();
    this.prev = undefined;
    this.seen = 0;
    this.current = undefined;
  }

  clone(): PctChangeStdev {
    const copy = new PctChangeStdev(this.windowCloses, this.minCloses, this.stdev.clone());
    copy.prev = this.prev;
    copy.seen = this.seen;
    copy.current = this.current;
    return copy;
  }
}
