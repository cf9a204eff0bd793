import type { EntrySignal, SentimentSummary, StrategyType } from "@ops/trading";
import type { FeatureSnapshot, RecommendationRow } from "./queries.js";

export interface RecommendationContext {
  readonly features: FeatureSnapshot;
  readonly sentiment: SentimentSummary;
  readonly now: Date;
  readonly ttlS: number;
  readonly sentimentWindowMin: number;
  readonly minNewsConfidence: number;
}

/** Stock entries carry no strategy in the rules; the table needs one, and stock is never a day trade here. */
const STOCK_STRATEGY: StrategyType = "swing_trade";

/**
 * The row a BUY signal becomes. signal_ts is the features' ts (the newest source bar), so the same
 * features can only ever yield one recommendation per action; the snapshots are versioned JSON.
 */
export function toRecommendation(signal: EntrySignal, ctx: RecommendationContext): RecommendationRow {
  const f = ctx.features;
  const s = ctx.sentiment;
  return {
    symbol: f.symbol,
    action: signal.action,
    instrumentType: signal.instrumentType,
    strategyType: signal.strategyType ?? STOCK_STRATEGY,
    confidence: signal.confidence,
    signalTs: f.ts,
    expiresAt: new Date(ctx.now.getTime() + ctx.ttlS * 1000),
    reason: { decision: signal.decision, ...signal.breakdown },
    featuresSnapshot: {
      v: 1,
      ts: f.ts.toISOString(),
      close: f.close,
      sma20: f.sma20,
      sma50: f.sma50,
      distance_sma20: f.distance_sma20,
      distance_sma50: f.distance_sma50,
      trend_state: f.trend_state,
      vol_ratio: f.vol_ratio,
      volume_ratio: f.volume_ratio,
      volume_surge: f.volume_surge,
      rsi14: f.rsi14,
      atr14: f.atr14,
    },
    sentimentSnapshot: {
      v: 1,
      window_min: ctx.sentimentWindowMin,
      min_confidence: ctx.minNewsConfidence,
      count: s.count,
      avg_signed_score: s.avgSignedScore,
      positive: s.positive,
      negative: s.negative,
      direction: s.count === 0 ? 0 : Math.sign(s.avgSignedScore),
    },
  };
}
