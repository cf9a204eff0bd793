import { NumberSlot } from "./number-slot.js";
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
  private readonly prevClose = new NumberSlot();
  private seen = 0;
  private ranges = 0;
  private seedSum = 0;
  private readonly current = new NumberSlot();

  constructor(period = 14) {
    if (!Number.isInteger(period) || period < 1) {
      throw new RangeError(`ATR period must be a positive integer, got ${period}`);
    }
    this.period = period;
  }

  get value(): number | undefined {
    return this.current.value;
  }

  get warmupPeriod(): number {
    return this.period + 1;
  }

  get count(): number {
    return this.seen;
  }

  get ready(): boolean {
    return this.current.has;
  }

  update(bar: HighLowClose): number | undefined {
    this.seen++;
    const hadPrevClose = this.prevClose.has;
    const prevClose = this.prevClose.raw;
    this.prevClose.set(bar.close);
    if (!hadPrevClose) return undefined;
    const tr = Math.max(bar.high - bar.low, Math.abs(bar.high - prevClose), Math.abs(bar.low - prevClose));
    const n = this.period;
    const current = this.current;
    if (current.has) {
      const next = (current.raw * (n - 1) + tr) / n;
      current.set(next);
      return next;
    }
    this.ranges++;
    this.seedSum += tr;
    if (this.ranges !== n) return undefined;
    const seed = this.seedSum / n;
    current.set(seed);
    return seed;
  }

  reset(): void {
    this.prevClose.clear();
    this.seen = 0;
    this.ranges = 0;
    this.seedSum = 0;
    this.current.clear();
  }

  clone(): Atr {
    const copy = new Atr(this.period);
    copy.prevClose.copyFrom(this.prevClose);
    copy.seen = this.seen;
    copy.ranges = this.ranges;
    copy.seedSum = this.seedSum;
    copy.current.copyFrom(this.current);
    return copy;
  }
}
