/** SMA20 vs SMA50: +1 when the 20 is above, −1 below, 0 equal (the seed's definition). */
export type TrendState = -1 | 0 | 1;

/**
 * One symbol's indicators after its newest bar. Field names follow the `lane_features` columns.
 * `ts` is the newest source bar's timestamp: freshness is measured from it, never from when the
 * row was computed (seed failure 18).
 */
export interface Features {
  readonly symbol: string;
  readonly ts: Date;
  readonly close: number;
  readonly sma20: number;
  readonly sma50: number;
  readonly ema12: number;
  readonly ema26: number;
  readonly rsi14: number;
  readonly macd: number;
  readonly macd_signal: number;
  readonly macd_hist: number;
  readonly bb_upper: number;
  readonly bb_middle: number;
  readonly bb_lower: number;
  /** (close − bb_lower) / (bb_upper − bb_lower); 0.5 for a zero-width band. */
  readonly bb_percent_b: number;
  /** (bb_upper − bb_lower) / bb_middle. */
  readonly bb_bandwidth: number;
  readonly atr14: number;
  /** Session VWAP (typical price) since the session's first bar; null until the session traded volume. */
  readonly vwap: number | null;
  /** Sample stdev of the percentage changes of the last `recentWindowBars` closes. */
  readonly recent_vol: number;
  /** Sample stdev of the percentage changes of the last `baselineWindowBars` closes (fewer while filling). */
  readonly baseline_vol: number;
  /** recent_vol / baseline_vol; null when the baseline is 0 (a price that never moved). */
  readonly vol_ratio: number | null;
  readonly distance_sma20: number;
  readonly distance_sma50: number;
  readonly trend_state: TrendState;
  readonly volume_current: number;
  /** Mean volume of the last 20 bars, including the current one (as the seed did). */
  readonly volume_avg_20: number;
  /** volume_current / volume_avg_20; 0 when the average is 0. */
  readonly volume_ratio: number;
  readonly volume_surge: boolean;
  /** Bars that went into the indicators since the last reset (after refusing malformed and too-old bars). */
  readonly bars_used: number;
}

export const FEATURE_SKIP_REASONS = [
  "INSUFFICIENT_BARS",
  "STALE_BARS",
  "MALFORMED_BAR",
  "OUT_OF_ORDER_BAR",
  "WRONG_SYMBOL",
] as const;
export type FeatureSkipReason = (typeof FEATURE_SKIP_REASONS)[number];

/** Not computing is a value: the reason is stored/logged, never thrown. */
export interface FeatureSkip {
  readonly skip: FeatureSkipReason;
  readonly detail: string;
}

export type FeatureResult = Features | FeatureSkip;

export function isFeatureSkip(result: FeatureResult): result is FeatureSkip {
  return "skip" in result;
}

/** Bars needed before any features are reported (SMA50 needs 50). */
export const MIN_FEATURE_BARS = 50;

export interface FeatureConfig {
  /** Closes behind recent_vol (the seed: 30). */
  readonly recentWindowBars: number;
  /** Closes behind baseline_vol, at most (the seed used its whole 120-minute..all-history window). */
  readonly baselineWindowBars: number;
  /** volume_ratio above this is a surge. */
  readonly volumeSurgeRatio: number;
  /** The newest bar may be at most this old at `now`, else no features (seed failure 18). */
  readonly maxNewestBarAgeMs: number;
  /**
   * Bars older than this at `now` are not used at all. Long enough to reach back over a weekend
   * plus a holiday, so the first minutes of a session still have 50 bars of context. A streaming
   * state also resets when two consecutive bars are further apart than this.
   */
  readonly maxHistoryAgeMs: number;
  /**
   * When a new session opens at more than this multiple of the previous close (or below its
   * inverse), the state resets and re-warms: a split (7:1 reads as −86 %) or a crash of that size
   * makes the old window meaningless, and features from it would read as a collapse.
   */
  readonly sessionGapResetRatio: number;
}

export const DEFAULT_FEATURE_CONFIG: FeatureConfig = {
  recentWindowBars: 30,
  baselineWindowBars: 390,
  volumeSurgeRatio: 2.0,
  maxNewestBarAgeMs: 5 * 60_000,
  maxHistoryAgeMs: 4 * 24 * 60 * 60_000,
  sessionGapResetRatio: 1.4,
};

export const FEATURE_RESET_REASONS = ["SESSION_PRICE_JUMP", "HISTORY_GAP"] as const;
export type FeatureResetReason = (typeof FEATURE_RESET_REASONS)[number];

/** Why and when a streaming state forgot its history. */
export interface FeatureReset {
  readonly reason: FeatureResetReason;
  /** The first bar after the reset. */
  readonly ts: Date;
  readonly detail: string;
}

/** How far a state is from reporting features. */
export interface FeatureWarmup {
  /** Bars accepted since the last reset. */
  readonly bars: number;
  /** Bars needed before features are reported. */
  readonly needed: number;
  readonly ready: boolean;
}


