import { DEFAULT_WATCHLIST_CONFIG, type WatchlistConfig } from "./watchlist-config.js";

/** The feature fields the watchlist score needs (a `Features` row satisfies it). */
export interface WatchlistFeatures {
  readonly distance_sma20: number | null;
  readonly vol_ratio: number | null;
  readonly trend_state: number | null;
}

/** Classified news for one symbol over the last hour. */
export interface NewsAggregate {
  readonly count: number;
  /** Mean SIGNED sentiment in [−1, 1]: +p for positive, −p for negative, 0 for neutral. */
  readonly avgSignedScore: number;
  /** Age of the newest article in seconds; null when there is none. */
  readonly newestAgeS: number | null;
}

export interface WatchlistInput {
  readonly symbol: string;
  readonly features: WatchlistFeatures;
  readonly news: NewsAggregate;
}

export interface WatchlistComponents {
  readonly sentimentPressure: number;
  readonly setupQuality: number;
  readonly volScore: number;
  readonly trendAlignment: number;
  /** +1 bullish news, −1 bearish, 0 none or mixed. */
  readonly sentimentDirection: -1 | 0 | 1;
}

export interface ScoredSymbol {
  readonly symbol: string;
  readonly score: number;
  /** 1 = best. */
  readonly rank: number;
  readonly components: WatchlistComponents;
}

const clamp01 = (x: number): number => (x > 1 ? 1 : x > 0 ? x : 0);
const finiteOr = (x: number | null | undefined, fallback: number): number =>
  typeof x === "number" && Number.isFinite(x) ? x : fallback;

/** Seed §3.5's components for one symbol, with sentiment read as the signed score it now is. */
export function scoreComponents(input: WatchlistInput, cfg: WatchlistConfig = DEFAULT_WATCHLIST_CONFIG): WatchlistComponents {
  const count = Math.max(0, finiteOr(input.news.count, 0));
  const avg = count > 0 ? Math.max(-1, Math.min(1, finiteOr(input.news.avgSignedScore, 0))) : 0;
  const ageS = count > 0 ? finiteOr(input.news.newestAgeS, cfg.newsHorizonS) : cfg.newsHorizonS;

  const sentimentPressure = clamp01(
    0.5 * clamp01(Math.abs(avg)) + 0.3 * clamp01(count / cfg.newsCountSaturation) + 0.2 * clamp01(1 - ageS / cfg.newsHorizonS),
  );
  // A missing distance means no setup can be judged, so it earns nothing.
  const distance = finiteOr(input.features.distance_sma20, Number.POSITIVE_INFINITY);
  const setupQuality = clamp01(1 - Math.abs(distance) / cfg.setupDistanceScale);
  const volScore = clamp01((finiteOr(input.features.vol_ratio, 1) - cfg.volLow) / (cfg.volHigh - cfg.volLow));

  // The seed averaged an unsigned confidence here, so every symbol with news looked bullish.
  const t = cfg.sentimentDirectionThreshold;
  const sentimentDirection: -1 | 0 | 1 = avg > t ? 1 : avg < -t ? -1 : 0;
  const trend = Math.sign(finiteOr(input.features.trend_state, 0));
  const trendAlignment = trend === 0 || sentimentDirection === 0 ? 0.5 : trend === sentimentDirection ? 1 : 0;

  return { sentimentPressure, setupQuality, volScore, trendAlignment, sentimentDirection };
}

/**
 * Scores every symbol and ranks them best first (ties by symbol, for a stable order). Returns all of
 * them: `selectWatchlist` decides membership, and needs the low scorers too.
 */
export function scoreWatchlist(
  inputs: readonly WatchlistInput[],
  cfg: WatchlistConfig = DEFAULT_WATCHLIST_CONFIG,
): ScoredSymbol[] {
  const w = cfg.weights;
  return inputs
    .map((input) => {
      const c = scoreComponents(input, cfg);
      const score = clamp01(
        w.sentimentPressure * c.sentimentPressure +
          w.setupQuality * c.setupQuality +
          w.volScore * c.volScore +
          w.trendAlignment * c.trendAlignment,
      );
      return { symbol: input.symbol, score, components: c };
    })
    .sort((a, b) => b.score - a.score || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0))
    .map((s, i) => ({ ...s, rank: i + 1 }));
}
