import { Ema } from "./ema.js";
import type { StreamingIndicator } from "./streaming-indicator.js";

export interface MacdValue {
  readonly macd: number;
  readonly signal: number;
  readonly histogram: number;
}

/**
 * MACD (EMA-based) with TA-Lib's warm-up: the fast EMA is seeded on the `fast` values that end where
 * the slow EMA's seed ends (not on the first `fast` values), and nothing is reported until the
 * signal line exists, i.e. first at index slow + signal - 2 (33 for 12/26/9).
 */
export class Macd implements StreamingIndicator<number, MacdValue> {
  readonly fastPeriod: number;
  readonly slowPeriod: number;
  readonly signalPeriod: number;
  private fast: Ema;
  private slow: Ema;
  private signal: Ema;
  private seen = 0;
  private current: MacdValue | undefined;
  private defined = false;
  // The latest value as plain numbers: `push` fills these without allocating (the hot path of FeatureState).
  private lineValue = Number.NaN;
  private signalValue = Number.NaN;
  private histogramValue = Number.NaN;

  constructor(fastPeriod = 12, slowPeriod = 26, signalPeriod = 9) {
    if (!(fastPeriod < slowPeriod)) {
      throw new RangeError(`MACD fast period (${fastPeriod}) must be below slow period (${slowPeriod})`);
    }
    this.fastPeriod = fastPeriod;
    this.slowPeriod = slowPeriod;
    this.signalPeriod = signalPeriod;
    this.fast = new Ema(fastPeriod);
    this.slow = new Ema(slowPeriod);
    this.signal = new Ema(signalPeriod);
  }

  get value(): MacdValue | undefined {
    if (this.current === undefined && this.defined) {
      this.current = { macd: this.lineValue, signal: this.signalValue, histogram: this.histogramValue };
    }
    return this.current;
  }

  /** The latest MACD line (NaN before the first value); with `push`, no object is allocated. */
  get line(): number {
    return this.lineValue;
  }

  get signalLine(): number {
    return this.signalValue;
  }

  get histogram(): number {
    return this.histogramValue;
  }

  get warmupPeriod(): number {
    return this.slowPeriod + this.signalPeriod - 1;
  }

  get count(): number {
    return this.seen;
  }

  get ready(): boolean {
    return this.defined;
  }

  update(x: number): MacdValue | undefined {
    if (!this.push(x)) return undefined;
    this.current = { macd: this.lineValue, signal: this.signalValue, histogram: this.histogramValue };
    return this.current;
  }

  /** Like `update`, but only says whether a value exists; read it from the numeric fields. */
  push(x: number): boolean {
    this.seen++;
    const slow = this.slow.update(x);
    const fast = this.seen > this.slowPeriod - this.fastPeriod ? this.fast.update(x) : undefined;
    if (slow === undefined || fast === undefined) return false;
    const line = fast - slow;
    const signal = this.signal.update(line);
    if (signal === undefined) return false;
    this.lineValue = line;
    this.signalValue = signal;
    this.histogramValue = line - signal;
    this.defined = true;
    this.current = undefined;
    return true;
  }

  reset(): void {
    this.fast.reset();
    this.slow.reset();
    this.signal.reset();
    this.seen = 0;
    this.current = undefined;
    this.defined = false;
    this.lineValue = this.signalValue = this.histogramValue = Number.NaN;
  }

  clone(): Macd {
    const copy = new Macd(this.fastPeriod, this.slowPeriod, this.signalPeriod);
    copy.fast = this.fast.clone();
    copy.slow = this.slow.clone();
    copy.signal = this.signal.clone();
    copy.seen = this.seen;
    copy.current = this.current;
    copy.defined = this.defined;
    copy.lineValue = this.lineValue;
    copy.signalValue = this.signalValue;
    copy.histogramValue = this.histogramValue;
    return copy;
  }
}
