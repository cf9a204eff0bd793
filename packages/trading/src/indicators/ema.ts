/**
 * Exponential moving average with k = 2/(n+1), seeded with the SMA of the first n values
 * (TA-Lib's convention), so the first value appears at index n-1.
 */
export class Ema {
  readonly period: number;
  private readonly k: number;
  private seen = 0;
  private seedSum = 0;
  private current: number | undefined;

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

  update(x: number): number | undefined {
    if (this.current !== undefined) {
      // Same operation order as TA-Lib, so results agree to the last bits.
      this.current = (x - this.current) * this.k + this.current;
      return this.current;
    }
    this.seen++;
    this.seedSum += x;
    if (this.seen === this.period) this.current = this.seedSum / this.period;
    return this.current;
  }
}
