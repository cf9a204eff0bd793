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

  constructor(period: number) {
    if (!Number.isInteger(period) || period < 1) {
      throw new RangeError(`EMA period must be a positive integer, got ${period}`);
    }
    this.period = period;
    this.k = 2 / (period + 1);
  }

  get value(): number | undefined {
    return this.current;
  }

  get warmupPeriod(): number {
    return this.period;
  }

  get count(): number {
    return this.seen;
  }

  get ready(): boolean {
    return this.current !== undefined;
  }

  update(x: number): number | undefined {
    this.seen++;
    if (this.current !== undefined) {
      // Same operation order as TA-Lib, so results agree to the last bits.
      this.current = (x - this.current) * this.k + this.current;
      return this.current;
    }
    this.seedSum += x;
    if (this.seen === this.period) this.current = this.seedSum / this.period;
    return this.current;
  }

  reset(): void {
    this.seen = 0;
    this.seedSum = 0;
    this.current = undefined;
  }

  clone(): Ema {
    const copy = new Ema(this.period);
    copy.seen = this.seen;
    copy.seedSum = this.seedSum;
    copy.current = this.current;
    return copy;
  }
}
