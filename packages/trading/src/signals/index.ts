export type { SignalConfig, VolumeTier, MomentumTier, GapFadeConfig } from "./signal-config.js";
export { DEFAULT_SIGNAL_CONFIG } from "./signal-config.js";
export type {
  HoldCode,
  Direction,
  SignalRule,
  SignalFeatures,
  SentimentSummary,
  PreviousSession,
  SignalBreakdown,
  EntrySignal,
  HoldSignal,
  SignalResult,
} from "./signal-types.js";
export { HOLD_CODES, DIRECTIONS, SIGNAL_RULES } from "./signal-types.js";
export { classifyDirection } from "./classify-direction.js";
export type { DirectionCall } from "./classify-direction.js";
export { volumeMultiplier } from "./volume-multiplier.js";
export type { VolumeAssessment } from "./volume-multiplier.js";
export { adaptiveDayThreshold } from "./adaptive-day-threshold.js";
export { sentimentMultiplier } from "./sentiment-multiplier.js";
export type { SentimentEffect } from "./sentiment-multiplier.js";
export { momentumMultiplier } from "./momentum-multiplier.js";
export type { MomentumEffect } from "./momentum-multiplier.js";
export { computeGapFade } from "./compute-gap-fade.js";
export type { GapFadeInput, GapFadeOutcome } from "./compute-gap-fade.js";
export { computeSignal } from "./compute-signal.js";
export type { SignalInput } from "./compute-signal.js";
export { cooldownActive } from "./cooldown-active.js";
export { DEFAULT_INDICATOR_RULES, INDICATOR_NAMES, anyIndicatorEnabled, indicatorMultiplier } from "./indicator-multiplier.js";
export type { IndicatorEffect, IndicatorMultiplier, IndicatorName, IndicatorRulesConfig, IndicatorValues } from "./indicator-multiplier.js";
