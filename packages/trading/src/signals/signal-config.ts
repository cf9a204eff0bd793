import { DEFAULT_INDICATOR_RULES } from "./indicator-multiplier.js";
import type { IndicatorRulesConfig } from "./indicator-multiplier.js";

/** One row of the volume table: applies when volume_ratio is below `below` (rows ascending). */
export interface VolumeTier {
  readonly below: number;
  readonly multiplier: number;
  readonly label: string;
}

export interface MomentumTier {
  readonly minVolumeRatio: number;
  readonly minAbsDistance: number;
  readonly multiplier: number;
}

export interface GapFadeConfig {
  readonly enabled: boolean;
  /** Window in minutes after midnight America/New_York: [start, end). */
  readonly windowStartMinuteEt: number;
  readonly windowEndMinuteEt: number;
  /** The previous session must have moved more than this (fraction) open→close to have a direction. */
  readonly minPrevSessionMove: number;
  /** |gap| from the previous close needed to fade it. */
  readonly minGap: number;
  readonly confidence: number;
}

export interface SignalConfig {
  /** |distance_sma20| within this is "at" the SMA. */
  readonly smaTolerance: number;
  /** |distance_sma20| must stay below this ("not stretched"); also scales setup quality. */
  readonly stretchLimit: number;
  /** |distance_sma20| beyond this is a breakout. */
  readonly breakoutThreshold: number;
  /** Confidence factor when there is no breakout in the trade's direction. */
  readonly noBreakoutPenalty: number;
  /** Used when volume_ratio is unknown. */
  readonly missingVolumeMultiplier: number;
  readonly volumeTiers: readonly VolumeTier[];
  /** vol_ratio in [volNormalMin, volNormalMax] is "normal"; below is compressed, above is high. */
  readonly volNormalMin: number;
  readonly volNormalMax: number;
  readonly sentimentMaxBoost: number;
  readonly sentimentMaxPenalty: number;
  readonly sentimentNewsSaturation: number;
  /** Applies only when options are allowed by the direction table. */
  readonly momentumUrgent: MomentumTier;
  readonly momentumStrong: MomentumTier;
  readonly dayTradeConfidence: number;
  readonly dayTradeConfidenceCap: number;
  /** Above this vol_ratio the day-trade threshold rises by `adaptiveSlope` per unit of vol_ratio. */
  readonly adaptiveVolStart: number;
  readonly adaptiveSlope: number;
  readonly dayTradeMinVolumeRatio: number;
  readonly swingTradeConfidence: number;
  /**
   * Emit BUY_STOCK/SELL_STOCK when options are not justified. Off by default: an options-only
   * account once bought $25K of stock through a silent default (seed failure 11).
   */
  readonly allowStock: boolean;
  readonly minStockConfidence: number;
  /** Features whose newest bar is older than this at `now` give no signal (seed failure 18). */
  readonly maxFeatureAgeMs: number;
  readonly gapFade: GapFadeConfig;
  /** Minutes after a recommendation during which a symbol gets no new one. */
  readonly cooldownMinutes: number;
  /** RSI / MACD / Bollinger / ATR rules; all off by default so the seed's numbers are reproduced. */
  readonly indicators: IndicatorRulesConfig;
}

/** The seed's final values (services/signal_engine_1m/rules.py, seed spec §3.6). */
export const DEFAULT_SIGNAL_CONFIG: SignalConfig = {
  smaTolerance: 0.005,
  stretchLimit: 0.02,
  breakoutThreshold: 0.01,
  noBreakoutPenalty: 0.5,
  missingVolumeMultiplier: 0.5,
  volumeTiers: [
    { below: 0.5, multiplier: 0, label: "VOLUME_TOO_LOW" },
    { below: 1.5, multiplier: 0.3, label: "WEAK_VOLUME" },
    { below: 2.0, multiplier: 0.8, label: "GOOD_VOLUME" },
    { below: 3.0, multiplier: 1.15, label: "STRONG_VOLUME" },
    { below: 5.0, multiplier: 1.25, label: "VOLUME_SURGE" },
    { below: Number.POSITIVE_INFINITY, multiplier: 1.35, label: "EXTREME_SURGE" },
  ],
  volNormalMin: 0.8,
  volNormalMax: 1.3,
  sentimentMaxBoost: 0.25,
  sentimentMaxPenalty: 0.2,
  sentimentNewsSaturation: 5,
  momentumUrgent: { minVolumeRatio: 2.5, minAbsDistance: 0.01, multiplier: 1.25 },
  momentumStrong: { minVolumeRatio: 2.0, minAbsDistance: 0.008, multiplier: 1.1 },
  dayTradeConfidence: 0.65,
  dayTradeConfidenceCap: 0.75,
  adaptiveVolStart: 1.2,
  adaptiveSlope: 0.05 / 0.2,
  dayTradeMinVolumeRatio: 2.0,
  swingTradeConfidence: 0.5,
  allowStock: false,
  minStockConfidence: 0.4,
  maxFeatureAgeMs: 5 * 60_000,
  gapFade: {
    enabled: true,
    windowStartMinuteEt: 9 * 60 + 30,
    windowEndMinuteEt: 10 * 60 + 30,
    minPrevSessionMove: 0.005,
    minGap: 0.008,
    confidence: 0.7,
  },
  cooldownMinutes: 15,
  indicators: DEFAULT_INDICATOR_RULES,
};
