import type { Bar } from "../domain/bar.js";
import { Atr } from "../indicators/atr.js";
import { Bollinger } from "../indicators/bollinger.js";
import { Ema } from "../indicators/ema.js";
import { etSessionDay } from "../indicators/et-session-day.js";
import { Macd } from "../indicators/macd.js";
import { PctChangeStdev } from "../indicators/pct-change-stdev.js";
import { Rsi } from "../indicators/rsi.js";
import { SessionVwap } from "../indicators/session-vwap.js";
import { Sma } from "../indicators/sma.js";
import {
  DEFAULT_FEATURE_CONFIG,
  MIN_FEATURE_BARS,
  type FeatureConfig,
  type FeatureReset,
  type FeatureResetReason,
  type FeatureResult,
  type FeatureWarmup,
  type TrendState,
} from "./features.js";
import { validateBar } from "./validate-bar.js";

export type FeatureWindows = Pick<
  FeatureConfig,
  "recentWindowBars" | "baselineWindowBars" | "volumeSurgeRatio" | "maxHistoryAgeMs" | "sessionGapResetRatio"
>;

/**
 * Incremental features for one symbol: feed each new bar once, O(1) per bar. Fed the same bars,
 * it returns exactly what `computeFeatures` returns (which is built on it). A refused bar leaves the
 * state untouched, so one bad bar from a feed does not poison later ones.
 *
 * Gaps, per indicator (a session = one New York calendar date, so overnight, weekend, holiday and
 * half-day gaps are all the same case; a minute without trades is simply a bar that does not exist):
 * - SMA 20/50, EMA, MACD, RSI, Bollinger (%b, bandwidth), volume mean: count bars, not minutes, so they
 *   run on across gaps, as TA-Lib does on any bar series. The 20 bars before 09:35 include yesterday's.
 * - ATR: the gap enters the first true range of the session; capturing gaps is what TR is for.
 * - recent/baseline volatility: a change never spans a session boundary (the overnight move is not a
 *   one-minute return and would inflate vol_ratio for the first half hour of every day).
 * - VWAP: restarts with every session.
 * - A session that opens beyond `sessionGapResetRatio` × the previous close (a split, or a crash of
 *   that size) and any gap longer than `maxHistoryAgeMs` reset everything: the state re-warms over
 *   MIN_FEATURE_BARS bars and reports INSUFFICIENT_BARS meanwhile, instead of features that read a
 *   7:1 split as a −86 % collapse.
 */
export class FeatureState {
  readonly symbol: string;
  private readonly cfg: FeatureWindows;
  private readonly sma20: Sma;
  private readonly sma50: Sma;
  private readonly ema12: Ema;
  private readonly ema26: Ema;
  private readonly rsi14: Rsi;
  private readonly macd: Macd;
  private readonly bb: Bollinger;
  private readonly atr14: Atr;
  private readonly volume20: Sma;
  private readonly vwap: SessionVwap;
  private readonly recentVol: PctChangeStdev;
  private readonly baselineVol: PctChangeStdev;
  // NaN until the first bar: a number-only field stays an unboxed double (no allocation per bar).
  private lastTs = Number.NaN;
  private lastClose = 0;
  private session = Number.NaN;
  private bars = 0;
  private resetCount = 0;
  private lastResetInfo: FeatureReset | undefined;
  // Reused for every VWAP update: one allocation per state, not per bar.
  private readonly vwapInput = { high: 0, low: 0, close: 0, volume: 0, session: 0 };

  /** `kernels` is for `clone` only: a copy takes the indicator copies it was given. */
  constructor(symbol: string, windows: Partial<FeatureWindows> = {}, kernels?: FeatureKernels) {
    this.symbol = symbol;
    this.cfg = {
      recentWindowBars: windows.recentWindowBars ?? DEFAULT_FEATURE_CONFIG.recentWindowBars,
      baselineWindowBars: windows.baselineWindowBars ?? DEFAULT_FEATURE_CONFIG.baselineWindowBars,
      volumeSurgeRatio: windows.volumeSurgeRatio ?? DEFAULT_FEATURE_CONFIG.volumeSurgeRatio,
      maxHistoryAgeMs: windows.maxHistoryAgeMs ?? DEFAULT_FEATURE_CONFIG.maxHistoryAgeMs,
      sessionGapResetRatio: windows.sessionGapResetRatio ?? DEFAULT_FEATURE_CONFIG.sessionGapResetRatio,
    };
    if (this.cfg.recentWindowBars > MIN_FEATURE_BARS) {
      throw new RangeError(`recentWindowBars must be <= ${MIN_FEATURE_BARS}, got ${this.cfg.recentWindowBars}`);
    }
    if (this.cfg.baselineWindowBars < MIN_FEATURE_BARS) {
      throw new RangeError(`baselineWindowBars must be >= ${MIN_FEATURE_BARS}, got ${this.cfg.baselineWindowBars}`);
    }
    if (!(this.cfg.sessionGapResetRatio > 1)) {
      throw new RangeError(`sessionGapResetRatio must be above 1, got ${this.cfg.sessionGapResetRatio}`);
    }
    if (!(this.cfg.maxHistoryAgeMs > 0)) {
      throw new RangeError(`maxHistoryAgeMs must be positive, got ${this.cfg.maxHistoryAgeMs}`);
    }
    const k = kernels ?? freshKernels(this.cfg);
    this.sma20 = k.sma20;
    this.sma50 = k.sma50;
    this.ema12 = k.ema12;
    this.ema26 = k.ema26;
    this.rsi14 = k.rsi14;
    this.macd = k.macd;
    this.bb = k.bb;
    this.atr14 = k.atr14;
    this.volume20 = k.volume20;
    this.vwap = k.vwap;
    this.recentVol = k.recentVol;
    this.baselineVol = k.baselineVol;
  }

  /** Bars accepted since the last reset. */
  get barsUsed(): number {
    return this.bars;
  }

  /** Timestamp (ms) of the newest accepted bar. */
  get newestTs(): number | undefined {
    return Number.isNaN(this.lastTs) ? undefined : this.lastTs;
  }

  get warmup(): FeatureWarmup {
    return { bars: this.bars, needed: MIN_FEATURE_BARS, ready: this.bars >= MIN_FEATURE_BARS && this.sma50.ready };
  }

  /** Resets so far (split-sized session jumps, long gaps). */
  get resets(): number {
    return this.resetCount;
  }

  get lastReset(): FeatureReset | undefined {
    return this.lastResetInfo;
  }

  update(bar: Bar): FeatureResult {
    if (bar.symbol !== this.symbol) {
      return { skip: "WRONG_SYMBOL", detail: `bar for ${bar.symbol} fed to ${this.symbol}` };
    }
    // Almost every bar is sound: an inlined check accepts it, and only a bar that fails it goes to
    // validateBar for the verdict and the reason (the check never accepts a bar validateBar refuses).
    const ts = bar.ts instanceof Date ? bar.ts.getTime() : Number.NaN;
    if (!looksSound(bar, ts)) {
      const invalid = validateBar(bar);
      if (invalid !== null) {
        return { skip: "MALFORMED_BAR", detail: `${bar.symbol} ${describeTs(bar.ts)}: ${invalid}` };
      }
    }
    if (ts <= this.lastTs) {
      return {
        skip: "OUT_OF_ORDER_BAR",
        detail: `${bar.symbol} bar ${bar.ts.toISOString()} is not after ${new Date(this.lastTs).toISOString()}`,
      };
    }
    const session = etSessionDay(ts);
    if (!Number.isNaN(this.lastTs)) {
      if (ts - this.lastTs > this.cfg.maxHistoryAgeMs) {
        this.resetAll("HISTORY_GAP", bar, `${Math.round((ts - this.lastTs) / 3_600_000)} h since the previous bar`);
      } else if (session !== this.session) {
        const jump = bar.open / this.lastClose;
        const r = this.cfg.sessionGapResetRatio;
        if (jump > r || jump < 1 / r) {
          this.resetAll("SESSION_PRICE_JUMP", bar, `session opened at ${bar.open} after a close of ${this.lastClose} (×${jump.toFixed(4)})`);
        } else {
          this.recentVol.breakSeries();
          this.baselineVol.breakSeries();
        }
      }
    }
    this.lastTs = ts;
    this.lastClose = bar.close;
    this.session = session;
    this.bars++;

    const c = bar.close;
    const sma20 = this.sma20.update(c);
    const sma50 = this.sma50.update(c);
    const ema12 = this.ema12.update(c);
    const ema26 = this.ema26.update(c);
    const rsi14 = this.rsi14.update(c);
    // push: no value objects on the hot path; the numbers are read below.
    const macdReady = this.macd.push(c);
    const bbReady = this.bb.push(c);
    const atr14 = this.atr14.update(bar);
    const volumeAvg = this.volume20.update(bar.volume);
    const vi = this.vwapInput;
    vi.high = bar.high;
    vi.low = bar.low;
    vi.close = c;
    vi.volume = bar.volume;
    vi.session = session;
    const vwap = this.vwap.update(vi);
    const recentVol = this.recentVol.update(c);
    const baselineVol = this.baselineVol.update(c);

    if (
      this.bars < MIN_FEATURE_BARS ||
      sma20 === undefined ||
      sma50 === undefined ||
      ema12 === undefined ||
      ema26 === undefined ||
      rsi14 === undefined ||
      !macdReady ||
      !bbReady ||
      atr14 === undefined ||
      volumeAvg === undefined ||
      recentVol === undefined ||
      baselineVol === undefined
    ) {
      const after = this.lastResetInfo ? ` (re-warming after ${this.lastResetInfo.reason})` : "";
      return {
        skip: "INSUFFICIENT_BARS",
        detail: `${bar.symbol}: ${this.bars} of ${MIN_FEATURE_BARS} bars${after}`,
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
      macd: this.macd.line,
      macd_signal: this.macd.signalLine,
      macd_hist: this.macd.histogram,
      bb_upper: this.bb.upper,
      bb_middle: this.bb.middle,
      bb_lower: this.bb.lower,
      bb_percent_b: this.bb.percentB,
      bb_bandwidth: this.bb.bandwidth,
      atr14,
      vwap: vwap ?? null,
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

  /** An independent copy: updating one never changes the other (checkpoints for bar corrections). */
  clone(): FeatureState {
    const copy = new FeatureState(this.symbol, this.cfg, {
      sma20: this.sma20.clone(),
      sma50: this.sma50.clone(),
      ema12: this.ema12.clone(),
      ema26: this.ema26.clone(),
      rsi14: this.rsi14.clone(),
      macd: this.macd.clone(),
      bb: this.bb.clone(),
      atr14: this.atr14.clone(),
      volume20: this.volume20.clone(),
      vwap: this.vwap.clone(),
      recentVol: this.recentVol.clone(),
      baselineVol: this.baselineVol.clone(),
    });
    copy.lastTs = this.lastTs;
    copy.lastClose = this.lastClose;
    copy.session = this.session;
    copy.bars = this.bars;
    copy.resetCount = this.resetCount;
    copy.lastResetInfo = this.lastResetInfo;
    return copy;
  }

  private resetAll(reason: FeatureResetReason, bar: Bar, detail: string): void {
    for (const k of [
      this.sma20, this.sma50, this.ema12, this.ema26, this.rsi14, this.macd, this.bb, this.atr14, this.volume20,
      this.vwap, this.recentVol, this.baselineVol,
    ]) {
      k.reset();
    }
    this.bars = 0;
    this.resetCount++;
    this.lastResetInfo = { reason, ts: bar.ts, detail: `${bar.symbol}: ${detail}` };
  }
}

/** The indicators behind one symbol's features. */
interface FeatureKernels {
  readonly sma20: Sma;
  readonly sma50: Sma;
  readonly ema12: Ema;
  readonly ema26: Ema;
  readonly rsi14: Rsi;
  readonly macd: Macd;
  readonly bb: Bollinger;
  readonly atr14: Atr;
  readonly volume20: Sma;
  readonly vwap: SessionVwap;
  readonly recentVol: PctChangeStdev;
  readonly baselineVol: PctChangeStdev;
}

function freshKernels(cfg: FeatureWindows): FeatureKernels {
  return {
    sma20: new Sma(20),
    sma50: new Sma(50),
    ema12: new Ema(12),
    ema26: new Ema(26),
    rsi14: new Rsi(14),
    macd: new Macd(12, 26, 9),
    bb: new Bollinger(20, 2),
    atr14: new Atr(14),
    volume20: new Sma(20),
    vwap: new SessionVwap(),
    recentVol: new PctChangeStdev(cfg.recentWindowBars),
    // The baseline grows with the history until it spans its window, as the seed's adaptive window did.
    baselineVol: new PctChangeStdev(cfg.baselineWindowBars, 3),
  };
}

/** validateBar's rules as one expression: NaN fails every comparison, and low > 0 with high < ∞ bounds all four prices. */
function looksSound(bar: Bar, ts: number): boolean {
  const { open, high, low, close, volume } = bar;
  return (
    ts === ts &&
    typeof open === "number" && typeof high === "number" && typeof low === "number" &&
    typeof close === "number" && typeof volume === "number" &&
    low > 0 && high < Number.POSITIVE_INFINITY && low <= high &&
    open >= low && open <= high && close >= low && close <= high &&
    volume >= 0 && volume < Number.POSITIVE_INFINITY
  );
}

function describeTs(ts: unknown): string {
  return ts instanceof Date && !Number.isNaN(ts.getTime()) ? ts.toISOString() : String(ts);
}
