import { Ema } from "./ema.js";

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
export class Macd {
  readonly fastPeriod: number;
  readonly slowPeriod: number;
  readonly signalPeriod: number;
  private readonly fast: Ema;
  private readonly slow: Ema;
  private readonly signal: Ema;
  private seen = 0;
  private current: MacdValue | undefined;

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
    return this.current;
  }

  update(x: number): MacdValue | undefined {
    this.seen++;
    const slow = this.slow.update(x);
    const fast = this.seen > this.slowPeriod - this.fastPeriod ? this.fast.update(x) : undefined;
    if (slow === undefined || fast === undefined) return undefined;
    const line = fast - slow;
    const signal = this.signal.update(line);
    if (signal === undefined) return undefined;
    this.current = { macd: line, signal, histogram: line - signal };
    return this.current;
  }
}
