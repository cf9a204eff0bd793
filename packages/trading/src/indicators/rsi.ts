import type { StreamingIndicator } from "./streaming-indicator.js";

/**
 * Wilder's RSI as TA-Lib computes it: the first value (index n) uses plain averages of the first n
 * gains and losses, later values use Wilder smoothing.
 */
export class Rsi implements StreamingIndicator<number, number> {
  readonly period: number;
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
  private changes = 0;
  private avgGain = 0;
  private avgLoss = 0;
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
      throw new RangeError(`RSI period must be a positive integer, got ${period}`);
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

  update(x: number): number | undefined {
    this.seen++;
    const prev = this.prev;
    this.prev = x;
    if (prev === undefined) return undefined;
    const change = x - prev;
    const n = this.period;
    this.changes++;
    if (this.changes <= n) {
      if (change < 0) this.avgLoss -= change;
      else this.avgGain += change;
      if (this.changes < n) return undefined;
      this.avgGain /= n;
      this.avgLoss /= n;
    } else {
      this.avgLoss *= n - 1;
      this.avgGain *= n - 1;
      if (change < 0) this.avgLoss -= change;
      else this.avgGain += change;
      this.avgLoss /= n;
      this.avgGain /= n;
    }
    const total = this.avgGain + this.avgLoss;
    // A flat series has no gains and no losses. TA-Lib reports 0 there, which reads as "extremely
    // oversold"; 50 (neutral) is the honest answer for a consumer.
    this.current = total > 1e-14 ? 100 * (this.avgGain / total) : 50;
    return this.current;
  }

  reset(): void {
    this.prev = undefined;
    this.seen = 0;
    this.changes = 0;
    this.avgGain = 0;
    this.avgLoss = 0;
    this.current = undefined;
  }

  clone(): Rsi {
    const copy = new Rsi(this.period);
    copy.prev = this.prev;
    copy.seen = this.seen;
    copy.changes = this.changes;
    copy.avgGain = this.avgGain;
    copy.avgLoss = this.avgLoss;
    copy.current = this.current;
    return copy;
  }
}
