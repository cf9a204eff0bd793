import type { StreamingIndicator } from "./streaming-indicator.js";

export interface HighLowClose {
  readonly high: number;
  readonly low: number;
  readonly close: number;
}

/**
 * Average true range as TA-Lib computes it: true range needs a previous close, so it starts at
 * index 1; the first ATR (index n) is the mean of the first n true ranges, then Wilder smoothing.
 * A gap between bars (overnight) is part of the true range on purpose: that is what TR is for.
 */
export class Atr implements StreamingIndicator<HighLowClose, number> {
  readonly period: number;
  // Flag plus number-only field, unboxed by V8 (see `current`): no allocation per update.
  private hasPrevClose = false;
  private prevCloseValue = 0;

  private get prevClose(): number | undefined {
    return this.hasPrevClose ? this.prevCloseValue : undefined;
  }

  private set prevClose(value: number | undefined) {
    if (value === undefined) {
      this.hasPrevClose = false;
    } else {
      this.hasPrevClose = true;
      this.prevCloseValue = value;
    }
  }
  private seen = 0;
  private ranges = 0;
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

  constructor(period = 14) {
    if (!Number.isInteger(period) || period < 1) {
      throw new RangeError(`ATR period must be a positive integer, got ${period}`);
    }
    this.period = period;
  }

  get value(): number | undefined {
    return this.current;
  }

  get warmupPeriod(): number {
    return this.period + 1;
  }

  get count(): number {
    return this.seen;
  }

  get ready(): boolean {
    return this.current !== undefined;
  }

  update(bar: HighLowClose): number | undefined {
    this.seen++;
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

  reset(): void {
    this.prevClose = undefined;
    this.seen = 0;
    this.ranges = 0;
    this.seedSum = 0;
    this.current = undefined;
  }

  clone(): Atr {
    const copy = new Atr(this.period);
    copy.prevClose = this.prevClose;
    copy.seen = this.seen;
    copy.ranges = this.ranges;
    copy.seedSum = this.seedSum;
    copy.current = this.current;
    return copy;
  }
}
