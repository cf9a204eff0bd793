import type { StreamingIndicator } from "./streaming-indicator.js";
import { WindowMoments } from "./window-moments.js";

export interface BollingerValue {
  readonly upper: number;
  readonly middle: number;
  readonly lower: number;
  /**
   * Where the latest input sits in the band: 0 at the lower band, 1 at the upper (outside [0, 1]
   * beyond them). A zero-width band (every input equal, so the input is the middle) gives 0.5.
   */
  readonly percentB: number;
  /** (upper − lower) / middle, the band's width relative to price; 0 when the middle is 0. */
  readonly bandwidth: number;
}

/**
 * Bollinger bands as TA-Lib's BBANDS: SMA middle, population standard deviation, ±k·σ; plus %b and
 * bandwidth (Bollinger's definitions; TA-Lib has neither).
 */
export class Bollinger implements StreamingIndicator<number, BollingerValue> {
  readonly period: number;
  readonly k: number;
  private readonly moments: WindowMoments;
  private seen = 0;
  private current: BollingerValue | undefined;
  // The latest value as plain numbers: `push` fills these without allocating (the hot path of FeatureState).
  private up = Number.NaN;
  private mid = Number.NaN;
  private lo = Number.NaN;
  private pctB = Number.NaN;
  private bw = Number.NaN;

  /** `moments` is for `clone` only: a copy reuses the window it was given instead of allocating one. */
  constructor(period = 20, k = 2, moments?: WindowMoments) {
    this.moments = moments ?? new WindowMoments(period);
    this.period = period;
    this.k = k;
  }

  get value(): BollingerValue | undefined {
    if (this.current === undefined && this.moments.full) {
      this.current = { upper: this.up, middle: this.mid, lower: this.lo, percentB: this.pctB, bandwidth: this.bw };
    }
    return this.current;
  }

  /** The latest upper band (NaN before the first value); with `push`, no object is allocated. */
  get upper(): number {
    return this.up;
  }

  get middle(): number {
    return this.mid;
  }

  get lower(): number {
    return this.lo;
  }

  get percentB(): number {
    return this.pctB;
  }

  get bandwidth(): number {
    return this.bw;
  }

  get warmupPeriod(): number {
    return this.period;
  }

  get count(): number {
    return this.seen;
  }

  get ready(): boolean {
    return this.moments.full;
  }

  update(x: number): BollingerValue | undefined {
    if (!this.push(x)) return undefined;
    this.current = { upper: this.up, middle: this.mid, lower: this.lo, percentB: this.pctB, bandwidth: this.bw };
    return this.current;
  }

  /** Like `update`, but only says whether a value exists; read it from the numeric fields. */
  push(x: number): boolean {
    this.seen++;
    this.moments.push(x);
    if (!this.moments.full) return false;
    const middle = this.moments.mean();
    const band = this.k * Math.sqrt(this.moments.variance(0));
    const upper = middle + band;
    const lower = middle - band;
    const width = upper - lower;
    this.up = upper;
    this.mid = middle;
    this.lo = lower;
    this.pctB = width > 0 ? (x - lower) / width : 0.5;
    this.bw = middle !== 0 ? width / Math.abs(middle) : 0;
    // Built on demand by the `value` getter when only `push` was used.
    this.current = undefined;
    return true;
  }

  reset(): void {
    this.moments.clear();
    this.seen = 0;
    this.current = undefined;
    this.up = this.mid = this.lo = this.pctB = this.bw = Number.NaN;
  }

  clone(): Bollinger {
    const copy = new Bollinger(this.period, this.k, this.moments.clone());
    copy.seen = this.seen;
    copy.current = this.current;
    copy.up = this.up;
    copy.mid = this.mid;
    copy.lo = this.lo;
    copy.pctB = this.pctB;
    copy.bw = this.bw;
    return copy;
  }
}
