export interface HighLowClose {
  readonly high: number;
  readonly low: number;
  readonly close: number;
}

/**
 * Average true range as TA-Lib computes it: true range needs a previous close, so it starts at
 * index 1; the first ATR (index n) is the mean of the first n true ranges, then Wilder smoothing.
 */
export class Atr {
  readonly period: number;
  private prevClose: number | undefined;
  private ranges = 0;
  private seedSum = 0;
  private current: number | undefined;

  constructor(period = 14) {
    if (!Number.isInteger(period) || period < 1) {
      throw new RangeError(`ATR period must be a positive integer, got ${period}`);
    }
    this.period = period;
  }

  get value(): number | undefined {
    return this.current;
  }

  update(bar: HighLowClose): number | undefined {
    const prevClose = this.prevClose;
    this.prevClose = bar.close;
    if (prevClose === undefined) return undefined;
    const tr = Math.max(bar.high - bar.low, Math.abs(bar.high - prevClose), Math.abs(bar.low - prevClose));
    const n = this.period;
    if (this.current !== undefined) {
      this.current = (this.current * (n - 1) + tr) / n;
      return this.current;
    }
    this.ranges++;
    this.seedSum += tr;
    if (this.ranges === n) this.current = this.seedSum / n;
    return this.current;
  }
}
