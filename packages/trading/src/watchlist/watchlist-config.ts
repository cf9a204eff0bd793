export interface WatchlistWeights {
  readonly sentimentPressure: number;
  readonly setupQuality: number;
  readonly volScore: number;
  readonly trendAlignment: number;
}

export interface WatchlistConfig {
  readonly weights: WatchlistWeights;
  /** News older than this carries no recency weight; also the assumed age when there is no news. */
  readonly newsHorizonS: number;
  /** This many articles saturate the news-count term. */
  readonly newsCountSaturation: number;
  /** |distance_sma20| at which setup quality reaches 0. */
  readonly setupDistanceScale: number;
  /** vol_ratio mapped linearly from volLow (score 0) to volHigh (score 1). */
  readonly volLow: number;
  readonly volHigh: number;
  /** |avg signed sentiment| needed before news counts as bullish or bearish. */
  readonly sentimentDirectionThreshold: number;
  /** Watchlist size (the signal engine reads this many). */
  readonly size: number;
  /** A new symbol needs this score to enter. */
  readonly entryThreshold: number;
  /** A member stays while its score is at least this. */
  readonly exitThreshold: number;
  /**
   * A member stays while it ranks within `size + exitRankBuffer`, so a symbol at the edge of the top N
   * does not flap in and out as neighbours' scores wobble. 0: the seed's hard top N.
   */
  readonly exitRankBuffer: number;
  /** A member is not removed for a low score before it has been in this long. */
  readonly minRetentionMinutes: number;
  /**
   * Fill free places with the best remaining symbols scoring at least `exitThreshold`. The seed
   * always backfilled to 30 (so its list was just the top 30); without backfill, quiet news days
   * leave the list nearly empty because few symbols reach the entry threshold.
   */
  readonly backfill: boolean;
}

/**
 * The seed's values (services/watchlist_engine_5m/config.py), including the unused hysteresis ones; the
 * rank buffer is ours (the seed had none).
 */
export const DEFAULT_WATCHLIST_CONFIG: WatchlistConfig = {
  weights: { sentimentPressure: 0.35, setupQuality: 0.25, volScore: 0.2, trendAlignment: 0.2 },
  newsHorizonS: 3600,
  newsCountSaturation: 5,
  setupDistanceScale: 0.01,
  volLow: 0.7,
  volHigh: 1.5,
  sentimentDirectionThreshold: 0.05,
  size: 30,
  entryThreshold: 0.6,
  exitThreshold: 0.3,
  exitRankBuffer: 10,
  minRetentionMinutes: 30,
  backfill: true,
};
