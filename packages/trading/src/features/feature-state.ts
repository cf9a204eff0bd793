import type { Bar } from "../domain/bar.js";
import { Atr } from "../indicators/atr.js";
import { Bollinger } from "../indicators/bollinger.js";
import { Ema } from "../indicators/ema.js";
import { Macd } from "../indicators/macd.js";
import { PctChangeStdev } from "../indicators/pct-change-stdev.js";
import { Rsi } from "../indicators/rsi.js";
import { Sma } from "../indicators/sma.js";
import {
  DEFAULT_FEATURE_CONFIG,
  MIN_FEATURE_BARS,
  type FeatureConfig,
  type FeatureResult,
  type TrendState,
} from "./features.js";
import { validateBar } from "./validate-bar.js";

export type FeatureWindows = Pick<FeatureConfig, "recentWindowBars" | "baselineWindowBars" | "volumeSurgeRatio">;

/**
 * Incremental features for one symbol: feed each new bar once, O(1) per bar. Fed the same bars,
 * it returns exactly what `computeFeatures` returns (which is built on it). A refused bar leaves the
 * state untouched, so one bad bar from a feed does not poison later ones.
 */
export class FeatureState {
  readonly symbol: string;
  private readonly cfg: FeatureWindows;
  private readonly sma20 = new Sma(20);
  private readonly sma50 = new Sma(50);
  private readonly ema12 = new Ema(12);
  private readonly ema26 = new Ema(26);
  private readonly rsi14 = new Rsi(14);
  private readonly macd = new Macd(12, 26, 9);
  private readonly bb = new Bollinger(20, 2);
  private readonly atr14 = new Atr(14);
  private readonly volume20 = new Sma(20);
  private readonly recentVol: PctChangeStdev;
  private readonly baselineVol: PctChangeStdev;
  private lastTs: number | undefined;
  private bars = 0;

  constructor(symbol: string, windows: Partial<FeatureWindows> = {}) {
    this.symbol = symbol;
    this.cfg = {
      recentWindowBars: windows.recentWindowBars ?? DEFAULT_FEATURE_CONFIG.recentWindowBars,
      baselineWindowBars: windows.baselineWindowBars ?? DEFAULT_FEATURE_CONFIG.baselineWindowBars,
      volumeSurgeRatio: windows.volumeSurgeRatio ?? DEFAULT_FEATURE_CONFIG.volumeSurgeRatio,
    };
    if (this.cfg.recentWindowBars > MIN_FEATURE_BARS) {
      throw new RangeError(`recentWindowBars must be <= ${MIN_FEATURE_BARS}, got ${this.cfg.recentWindowBars}`);
    }
    if (this.cfg.baselineWindowBars < MIN_FEATURE_BARS) {
      throw new RangeError(`baselineWindowBars must be >= ${MIN_FEATURE_BARS}, got ${this.cfg.baselineWindowBars}`);
    }
    this.recentVol = new PctChangeStdev(this.cfg.recentWindowBars);
    // The baseline grows with the history until it spans its window, as the seed's adaptive window did.
    this.baselineVol = new PctChangeStdev(this.cfg.baselineWindowBars, 3);
  }

  /** Bars accepted so far. */
  get barsUsed(): number {
    return this.bars;
  }

  /** Timestamp (ms) of the newest accepted bar. */
  get newestTs(): number | undefined {
    return this.lastTs;
  }

  update(bar: Bar): FeatureResult {
    if (bar.symbol !== this.symbol) {
      return { skip: "WRONG_SYMBOL", detail: `bar for ${bar.symbol} fed to ${this.symbol}` };
    }
    const invalid = validateBar(bar);
    if (invalid !== null) {
      return { skip: "MALFORMED_BAR", detail: `${bar.symbol} ${describeTs(bar.ts)}: ${invalid}` };
    }
    const ts = bar.ts.getTime();
    if (this.lastTs !== undefined && ts <= this.lastTs) {
      return {
        skip: "OUT_OF_ORDER_BAR",
        detail: `${bar.symbol} bar ${bar.ts.toISOString()} is not after ${new Date(this.lastTs).toISOString()}`,
      };
    }
    this.lastTs = ts;
    this.bars++;

    const c = bar.close;
    const sma20 = this.sma20.update(c);
    const sma50 = this.sma50.update(c);
    const ema12 = this.ema12.update(c);
    const ema26 = this.ema26.update(c);
    const rsi14 = this.rsi14.update(c);
    const macd = this.macd.update(c);
    const bb = this.bb.update(c);
    const atr14 = this.atr14.update(bar);
    const volumeAvg = this.volume20.update(bar.volume);
    const recentVol = this.recentVol.update(c);
    const baselineVol = this.baselineVol.update(c);

    if (
      this.bars < MIN_FEATURE_BARS ||
      sma20 === undefined ||
      sma50 === undefined ||
      ema12 === undefined ||
      ema26 === undefined ||
      rsi14 === undefined ||
      macd === undefined ||
      bb === undefined ||
      atr14 === undefined ||
      volumeAvg === undefined ||
      recentVol === undefined ||
      baselineVol === undefined
    ) {
      return {
        skip: "INSUFFICIENT_BARS",
        detail: `${bar.symbol}: ${this.bars} of ${MIN_FEATURE_BARS} bars`,
      };
    }

    const trend: TrendState = sma20 > sma50 ? 1 : sma20 < sma50 ? -1 : 0;
    const volumeRatio = volumeAvg > 0 ? bar.volume / volumeAvg : 0;
    return {
      symbol: bar.symbol,
      ts: bar.ts,
      close: c,
      sma20,
      sma50,
      ema12,
      ema26,
      rsi14,
      macd: macd.macd,
      macd_signal: macd.signal,
      macd_hist: macd.histogram,
      bb_upper: bb.upper,
      bb_middle: bb.middle,
      bb_lower: bb.lower,
      atr14,
      recent_vol: recentVol,
      baseline_vol: baselineVol,
      vol_ratio: baselineVol > 0 ? recentVol / baselineVol : null,
      distance_sma20: (c - sma20) / sma20,
      distance_sma50: (c - sma50) / sma50,
      trend_state: trend,
      volume_current: bar.volume,
      volume_avg_20: volumeAvg,
      volume_ratio: volumeRatio,
      volume_surge: volumeRatio > this.cfg.volumeSurgeRatio,
      bars_used: this.bars,
    };
  }
}

function describeTs(ts: unknown): string {
  return ts instanceof Date && !Number.isNaN(ts.getTime()) ? ts.toISOString() : String(ts);
}
