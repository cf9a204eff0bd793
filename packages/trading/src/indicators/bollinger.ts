import { WindowMoments } from "./window-moments.js";

export interface BollingerValue {
  readonly upper: number;
  readonly middle: number;
  readonly lower: number;
}

/** Bollinger bands as TA-Lib's BBANDS: SMA middle, population standard deviation, ±k·σ. */
export class Bollinger {
  readonly period: number;
  readonly k: number;
  private readonly moments: WindowMoments;
  private current: BollingerValue | undefined;

  constructor(period = 20, k = 2) {
    this.moments = new WindowMoments(period);
    this.period = period;
    this.k = k;
  }

  get value(): BollingerValue | undefined {
    return this.current;
  }

  update(x: number): BollingerValue | undefined {
    this.moments.push(x);
    if (!this.moments.full) return undefined;
    const middle = this.moments.mean();
    const band = this.k * Math.sqrt(this.moments.variance(0));
    this.current = { upper: middle + band, middle, lower: middle - band };
    return this.current;
  }
}
