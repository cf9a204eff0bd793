import { NumberSlot } from "./number-slot.js";
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
  private readonly prev = new NumberSlot();
  private seen = 0;
  private readonly current = new NumberSlot();

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
    return this.current.value;
  }

  /** Closes needed without a break in between. */
  get warmupPeriod(): number {
    return this.minCloses;
  }

  get count(): number {
    return this.seen;
  }

  get ready(): boolean {
    return this.current.has;
  }

  /** Closes must be positive; callers validate bars before feeding them. */
  update(close: number): number | undefined {
    this.seen++;
    const hadPrev = this.prev.has;
    const prev = this.prev.raw;
    this.prev.set(close);
    if (!hadPrev) return this.current.value;
    const stdev = this.stdev.update(close / prev - 1);
    this.current.assign(stdev);
    return stdev;
  }

  /** The next close starts a new series: no change is computed across the break. */
  breakSeries(): void {
    this.prev.clear();
  }

  reset(): void {
    this.stdev.reset();
    this.prev.clear();
    this.seen = 0;
    this.current.clear();
  }

  clone(): PctChangeStdev {
    const copy = new PctChangeStdev(this.windowCloses, this.minCloses, this.stdev.clone());
    copy.prev.copyFrom(this.prev);
    copy.seen = this.seen;
    copy.current.copyFrom(this.current);
    return copy;
  }
}
