import type { Action, InstrumentType, StrategyType } from "../domain/vocabulary.js";
import type { IndicatorEffect, IndicatorName } from "./indicator-multiplier.js";

export const HOLD_CODES = [
  "NO_FEATURES",
  "STALE_FEATURES",
  "NO_SETUP",
  "VOLUME_TOO_LOW",
  "NO_OPTIONS_SETUP",
  "OPTIONS_CONFIDENCE_TOO_LOW",
  "STOCK_CONFIDENCE_TOO_LOW",
] as const;
export type HoldCode = (typeof HOLD_CODES)[number];

export const DIRECTIONS = ["BULL", "BEAR"] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const SIGNAL_RULES = ["BULL_ENTRY", "BEAR_ENTRY", "GAP_FADE", ...HOLD_CODES] as const;
export type SignalRule = (typeof SIGNAL_RULES)[number];

/** The feature fields the rules read; a `Features` value (or a `lane_features` row) satisfies it. */
export interface SignalFeatures {
  readonly symbol: string;
  /** Newest source bar time; freshness is measured from it. */
  readonly ts: Date;
  readonly close: number | null;
  readonly sma20: number | null;
  readonly sma50: number | null;
  readonly distance_sma20: number | null;
  readonly vol_ratio: number | null;
  readonly trend_state: number | null;
  readonly volume_ratio: number | null;
  /** Read only by the indicator rules, when switched on; absent or null = no data (no effect). */
  readonly rsi14?: number | null;
  readonly macd_hist?: number | null;
  readonly bb_percent_b?: number | null;
  readonly atr14?: number | null;
}

/** Confident classified news for the symbol over the signal window (seed: 30 min, p > 0.65). */
export interface SentimentSummary {
  readonly count: number;
  /** Mean signed score in [−1, 1]. */
  readonly avgSignedScore: number;
  readonly positive: number;
  readonly negative: number;
}

/** The previous trading day's regular session: first RTH bar's open, last RTH bar's close. */
export interface PreviousSession {
  readonly open: number;
  readonly close: number;
}

/** Everything that went into a decision, stored with the recommendation as its `reason`. */
export interface SignalBreakdown {
  readonly rule: SignalRule;
  readonly detail: string;
  readonly direction?: Direction;
  readonly optionsAllowed?: boolean;
  readonly distanceSma20?: number;
  readonly trendState?: number;
  readonly volRatio?: number;
  readonly volumeRatio?: number | null;
  readonly breakoutUp?: boolean;
  readonly breakoutDown?: boolean;
  readonly movePenalty?: number;
  readonly volumeMultiplier?: number;
  readonly volumeTier?: string;
  readonly trendAlignment?: number;
  readonly setupQuality?: number;
  readonly volFit?: number;
  readonly volRegime?: "compressed" | "normal" | "high";
  readonly baseConfidence?: number;
  readonly sentimentMultiplier?: number;
  readonly sentimentAligns?: boolean;
  readonly sentimentDirection?: -1 | 0 | 1;
  readonly newsCount?: number;
  readonly momentumMultiplier?: number;
  readonly momentumTier?: "urgent" | "strong" | "none";
  /** Present only when an indicator rule is switched on. */
  readonly indicatorMultiplier?: number;
  readonly indicators?: Readonly<Partial<Record<IndicatorName, IndicatorEffect>>>;
  readonly adaptiveThreshold?: number;
  readonly requiredConfidence?: number;
  readonly stockFallbackFrom?: "NO_OPTIONS_SETUP" | "OPTIONS_CONFIDENCE_TOO_LOW";
  readonly gap?: number;
  readonly prevSessionMove?: number;
}

export interface EntrySignal {
  /** Enter a position; the side and instrument are in `action` (SELL_STOCK is a short entry). */
  readonly decision: "BUY";
  readonly action: Action;
  readonly instrumentType: InstrumentType;
  /** null for stock, which the seed never tagged with a strategy. */
  readonly strategyType: StrategyType | null;
  readonly confidence: number;
  readonly holdCode?: undefined;
  readonly breakdown: SignalBreakdown;
}

export interface HoldSignal {
  readonly decision: "HOLD";
  readonly action?: undefined;
  readonly instrumentType: null;
  readonly strategyType: null;
  readonly confidence: number;
  readonly holdCode: HoldCode;
  readonly breakdown: SignalBreakdown;
}

export type SignalResult = EntrySignal | HoldSignal;
