import { NumberSlot } from "./number-slot.js";
import type { StreamingIndicator } from "./streaming-indicator.js";

/**
 * Wilder's RSI as TA-Lib computes it: the first value (index n) uses plain averages of the first n
 * gains and losses, later values use Wilder smoothing.
 */
export class Rsi implements StreamingIndicator<number, number> {
  readonly period: number;
  private readonly prev = new NumberSlot();
  private seen = 0;
  private changes = 0;
  private avgGain = 0;
  private avgLoss = 0;
  private readonly current = new NumberSlot();

  constructor(period: number) {
    if (!Number.isInteger(period) || period < 1) {
      throw new RangeError(`RSI period must be a positive integer, got ${period}`);
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

  update(x: number): number | undefined {
    this.seen++;
    const hadPrev = this.prev.has;
    const prev = this.prev.raw;
    this.prev.set(x);
    if (!hadPrev) return undefined;
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
    const rsi = total > 1e-14 ? 100 * (this.avgGain / total) : 50;
    this.current.set(rsi);
    return rsi;
  }

  reset(): void {
    this.prev.clear();
    this.seen = 0;
    this.changes = 0;
    this.avgGain = 0;
    this.avgLoss = 0;
    this.current.clear();
  }

  clone(): Rsi {
    const copy = new Rsi(this.period);
    copy.prev.copyFrom(this.prev);
    copy.seen = this.seen;
    copy.changes = this.changes;
    copy.avgGain = this.avgGain;
    copy.avgLoss = this.avgLoss;
    copy.current.copyFrom(this.current);
    return copy;
  }
}
