import type { Action } from "../domain/vocabulary.js";
import { adaptiveDayThreshold } from "./adaptive-day-threshold.js";
import { classifyDirection } from "./classify-direction.js";
import { computeGapFade } from "./compute-gap-fade.js";
import { anyIndicatorEnabled, indicatorMultiplier } from "./indicator-multiplier.js";
import { momentumMultiplier } from "./momentum-multiplier.js";
import { sentimentMultiplier } from "./sentiment-multiplier.js";
import { DEFAULT_SIGNAL_CONFIG, type SignalConfig } from "./signal-config.js";
import type {
  HoldCode,
  HoldSignal,
  PreviousSession,
  SentimentSummary,
  SignalBreakdown,
  SignalFeatures,
  SignalResult,
} from "./signal-types.js";
import { volumeMultiplier } from "./volume-multiplier.js";

export interface SignalInput {
  readonly features: SignalFeatures | null;
  readonly sentiment: SentimentSummary | null;
  readonly now: Date;
  readonly cfg?: SignalConfig;
  /** Give it to evaluate the gap fade first (seed §3.6 step 2); omit to skip the gap fade. */
  readonly previousSession?: PreviousSession | null;
}

const clamp01 = (x: number): number => (x > 1 ? 1 : x > 0 ? x : 0);
const finite = (x: number | null | undefined): x is number => typeof x === "number" && Number.isFinite(x);

function hold(holdCode: HoldCode, confidence: number, breakdown: Omit<SignalBreakdown, "rule">): HoldSignal {
  return {
    decision: "HOLD",
    instrumentType: null,
    strategyType: null,
    confidence: clamp01(confidence),
    holdCode,
    breakdown: { ...breakdown, rule: holdCode },
  };
}

/**
 * The seed's entry rules (§3.6 step 4): direction from price vs SMA20 and the SMA20/50 trend, then
 * confidence = base × sentiment × volume × breakout × momentum, then options (long premium only)
 * when the trend is clear and volatility not high. Stock only with `allowStock`. Pure: `now` is
 * used for freshness and the gap-fade window only.
 */
export function computeSignal(input: SignalInput): SignalResult {
  const cfg = input.cfg ?? DEFAULT_SIGNAL_CONFIG;
  const f = input.features;
  if (f === null) return hold("NO_FEATURES", 0, { detail: "no features for this symbol" });
  if (!finite(f.close) || !finite(f.sma20) || !finite(f.sma50) || f.sma20 <= 0) {
    return hold("NO_FEATURES", 0, { detail: "close, sma20 or sma50 missing" });
  }
  const ageMs = input.now.getTime() - f.ts.getTime();
  if (!(ageMs <= cfg.maxFeatureAgeMs)) {
    return hold("STALE_FEATURES", 0, { detail: `newest bar is ${Math.round(ageMs / 1000)} s old` });
  }
  // vol_ratio is null only when the baseline volatility is 0: a price that never moved is no setup.
  if (!finite(f.vol_ratio)) return hold("NO_FEATURES", 0, { detail: "vol_ratio missing" });

  if (input.previousSession !== undefined) {
    const gapFade = computeGapFade({ close: f.close, previousSession: input.previousSession, now: input.now }, cfg.gapFade);
    if (gapFade.signal !== null) return gapFade.signal;
  }

  const d = finite(f.distance_sma20) ? f.distance_sma20 : (f.close - f.sma20) / f.sma20;
  const trend = finite(f.trend_state) ? Math.sign(f.trend_state) : 0;
  const vr = f.vol_ratio;
  const V = finite(f.volume_ratio) || f.volume_ratio === Number.POSITIVE_INFINITY ? f.volume_ratio : null;
  const seen = { distanceSma20: d, trendState: trend, volRatio: vr, volumeRatio: V };

  const call = classifyDirection(d, trend, cfg);
  if (call === null) return hold("NO_SETUP", 0, { ...seen, detail: "no directional setup from price and trend" });
  const { direction, optionsAllowed } = call;
  const sign = direction === "BULL" ? 1 : -1;

  const breakoutUp = d > cfg.breakoutThreshold;
  const breakoutDown = d < -cfg.breakoutThreshold;
  const inDirection = direction === "BULL" ? breakoutUp : breakoutDown;
  const movePenalty = inDirection ? 1 : cfg.noBreakoutPenalty;

  const volume = volumeMultiplier(V, cfg);
  const soFar = { ...seen, direction, optionsAllowed, breakoutUp, breakoutDown, movePenalty, volumeMultiplier: volume.multiplier, volumeTier: volume.tier };
  if (volume.multiplier === 0) return hold("VOLUME_TOO_LOW", 0, { ...soFar, detail: `volume_ratio ${V} too low` });

  const trendAlignment = trend === sign ? 1 : 0.5;
  const setupQuality = 1 - Math.min(Math.abs(d) / cfg.stretchLimit, 1);
  const volRegime = vr < cfg.volNormalMin ? "compressed" : vr > cfg.volNormalMax ? "high" : "normal";
  const volFit = volRegime === "normal" ? 1 : volRegime === "compressed" ? 0.7 : 0.5;
  const baseConfidence = 0.35 * trendAlignment + 0.25 * setupQuality + 0.2 * volFit + 0.2;

  const sentiment = sentimentMultiplier(input.sentiment, direction, cfg);
  const momentum = momentumMultiplier(V, d, optionsAllowed, cfg);
  const indicators = anyIndicatorEnabled(cfg.indicators) ? indicatorMultiplier({ ...f, close: f.close }, direction, cfg.indicators) : null;
  const confidence = clamp01(
    baseConfidence * sentiment.multiplier * volume.multiplier * movePenalty * momentum.multiplier * (indicators?.multiplier ?? 1),
  );

  const full = {
    ...soFar,
    trendAlignment,
    setupQuality,
    volFit,
    volRegime,
    baseConfidence,
    sentimentMultiplier: sentiment.multiplier,
    sentimentAligns: sentiment.aligns,
    sentimentDirection: sentiment.direction,
    newsCount: sentiment.newsCount,
    momentumMultiplier: momentum.multiplier,
    momentumTier: momentum.tier,
    ...(indicators === null ? {} : { indicatorMultiplier: indicators.multiplier, indicators: indicators.effects }),
  } as const;
  const entryRule = direction === "BULL" ? "BULL_ENTRY" : "BEAR_ENTRY";

  let fallbackFrom: "NO_OPTIONS_SETUP" | "OPTIONS_CONFIDENCE_TOO_LOW";
  let adaptiveThreshold: number | undefined;
  if (optionsAllowed && volRegime !== "high") {
    adaptiveThreshold = adaptiveDayThreshold(vr, cfg);
    const isDayTrade = confidence >= adaptiveThreshold && V !== null && V >= cfg.dayTradeMinVolumeRatio;
    const required = isDayTrade ? adaptiveThreshold : cfg.swingTradeConfidence;
    if (confidence >= required) {
      const action: Action = direction === "BULL" ? "BUY_CALL" : "BUY_PUT";
      return {
        decision: "BUY",
        action,
        instrumentType: direction === "BULL" ? "CALL" : "PUT",
        strategyType: isDayTrade ? "day_trade" : "swing_trade",
        confidence,
        breakdown: {
          ...full,
          rule: entryRule,
          adaptiveThreshold,
          requiredConfidence: required,
          detail: `${direction} ${isDayTrade ? "day trade" : "swing trade"} on options`,
        },
      };
    }
    fallbackFrom = "OPTIONS_CONFIDENCE_TOO_LOW";
  } else {
    fallbackFrom = "NO_OPTIONS_SETUP";
  }

  const why =
    fallbackFrom === "NO_OPTIONS_SETUP"
      ? optionsAllowed
        ? "volatility too high for buying options"
        : "trend not clear enough for options"
      : `confidence ${confidence.toFixed(3)} below ${cfg.swingTradeConfidence} for options`;
  if (!cfg.allowStock) {
    return hold(fallbackFrom, confidence, {
      ...full,
      ...(adaptiveThreshold === undefined ? {} : { adaptiveThreshold }),
      requiredConfidence: fallbackFrom === "OPTIONS_CONFIDENCE_TOO_LOW" ? cfg.swingTradeConfidence : undefined,
      detail: why,
    });
  }
  if (confidence < cfg.minStockConfidence) {
    return hold("STOCK_CONFIDENCE_TOO_LOW", confidence, {
      ...full,
      stockFallbackFrom: fallbackFrom,
      requiredConfidence: cfg.minStockConfidence,
      detail: `${why}; stock needs ${cfg.minStockConfidence}`,
    });
  }
  return {
    decision: "BUY",
    action: direction === "BULL" ? "BUY_STOCK" : "SELL_STOCK",
    instrumentType: "STOCK",
    strategyType: null,
    confidence,
    breakdown: {
      ...full,
      rule: entryRule,
      stockFallbackFrom: fallbackFrom,
      requiredConfidence: cfg.minStockConfidence,
      detail: `${direction} stock entry (${why})`,
    },
  };
}
