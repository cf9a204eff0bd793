import { NumberSlot } from "./number-slot.js";
import type { StreamingIndicator } from "./streaming-indicator.js";

/**
 * Exponential moving average with k = 2/(n+1), seeded with the SMA of the first n values
 * (TA-Lib's convention), so the first value appears at index n-1. Libraries that seed with the first
 * value (trading-signals) or differently (technicalindicators' MACD) converge to it as (1-k)^i.
 */
export class Ema implements StreamingIndicator<number, number> {
  readonly period: number;
  private readonly k: number;
  private seen = 0;
  private seedSum = 0;
  private readonly current = new NumberSlot();

  constructor(period: number) {
    if (!Number.isInteger(period) || period < 1) {
      throw new RangeError(`EMA period must be a positive integer, got ${period}`);
    }
    this.period = period;
    this.k = 2 / (period + 1);
  }

  get value(): number | undefined {
    return this.current.value;
  }

  get warmupPeriod(): number {
    return this.period;
  }

  get count(): number {
    return this.seen;
  }

  get ready(): boolean {
    return this.current.has;
  }

  update(x: number): number | undefined {
    this.seen++;
    const current = this.current;
    if (current.has) {
      const last = current.raw;
      // Same operation order as TA-Lib, so results agree to the last bits.
      const next = (x - last) * this.k + last;
      current.set(next);
      return next;
    }
    this.seedSum += x;
    if (this.seen !== this.period) return undefined;
    const seed = this.seedSum / this.period;
    current.set(seed);
    return seed;
  }

  reset(): void {
    this.seen = 0;
    this.seedSum = 0;
    this.current.clear();
  }

  clone(): Ema {
    const copy = new Ema(this.period);
    copy.seen = this.seen;
    copy.seedSum = this.seedSum;
    copy.current.copyFrom(this.current);
    return copy;
  }
}
