import { baseServiceSchema, booleanVar, enumVar, loadConfig, numberVar } from "@ops/core";
import type { EnvSource } from "@ops/core";
import { ACCOUNT_IDS } from "@ops/trading";

export const signalEngineConfigSchema = baseServiceSchema.extend({
  OPS_SERVICE: baseServiceSchema.shape.OPS_SERVICE.default("signal-engine"),
  OPS_LOOP_INTERVAL_S: numberVar({ positive: true }).default(60),
  /**
   * Emit BUY_STOCK/SELL_STOCK when no options setup exists. Off by default: a silent stock default
   * once bought $25K of stock on an options-only account (seed failure 11). Per-account gates in the
   * dispatcher still decide whether an account may trade stock at all.
   */
  OPS_SIGNAL_ALLOW_STOCK: booleanVar().default(false),
  /** A recommendation expires this long after it is written; the dispatcher ignores older ones. */
  OPS_REC_TTL_S: numberVar({ positive: true, integer: true, max: 3600 }).default(300),
  /** No new recommendation for a symbol within this many minutes of the last one. */
  OPS_SIGNAL_COOLDOWN_MIN: numberVar({ min: 0, max: 24 * 60 }).default(15),
  /** Classified news counted, minutes back from now (seed: 30). */
  OPS_SIGNAL_SENTIMENT_WINDOW_MIN: numberVar({ positive: true, integer: true, max: 24 * 60 }).default(30),
  /** Only classifications more confident than this count (seed: 0.65). */
  OPS_SIGNAL_MIN_NEWS_CONFIDENCE: numberVar({ min: 0, max: 1 }).default(0.65),
  /** Features whose newest bar is older than this give no signal (STALE_FEATURES). */
  OPS_SIGNAL_MAX_FEATURE_AGE_S: numberVar({ positive: true, integer: true }).default(300),
  /** The 09:30–10:30 ET gap fade (seed §3.6 step 2, bugs fixed). Off until its exits exist. */
  OPS_SIGNAL_GAP_FADE: booleanVar().default(false),
  /**
   * Indicator rules (RSI overbought/oversold, MACD histogram, Bollinger %b chase, ATR % of price), each
   * a confidence multiplier recorded in the reasoning. Off by default: the seed's numbers stay reproducible.
   */
  OPS_SIGNAL_USE_RSI: booleanVar().default(false),
  OPS_SIGNAL_USE_MACD: booleanVar().default(false),
  OPS_SIGNAL_USE_BOLLINGER: booleanVar().default(false),
  OPS_SIGNAL_USE_ATR: booleanVar().default(false),
  OPS_CLOCK: enumVar(["wall", "sim"] as const).default("wall"),
  /** Whose Alpaca keys read the simulator clock when OPS_CLOCK=sim. */
  OPS_DATA_ACCOUNT: enumVar(ACCOUNT_IDS).default("large-100k"),
});

export type SignalEngineConfig = ReturnType<typeof signalEngineConfigSchema.parse>;

/** The keys the cycle reads (tests build this directly). */
export type SignalCycleConfig = Pick<
  SignalEngineConfig,
  | "OPS_SIGNAL_ALLOW_STOCK" | "OPS_REC_TTL_S" | "OPS_SIGNAL_COOLDOWN_MIN" | "OPS_SIGNAL_SENTIMENT_WINDOW_MIN"
  | "OPS_SIGNAL_MIN_NEWS_CONFIDENCE" | "OPS_SIGNAL_MAX_FEATURE_AGE_S" | "OPS_SIGNAL_GAP_FADE"
> & Partial<Pick<SignalEngineConfig, "OPS_SIGNAL_USE_RSI" | "OPS_SIGNAL_USE_MACD" | "OPS_SIGNAL_USE_BOLLINGER" | "OPS_SIGNAL_USE_ATR">>;

export function loadSignalEngineConfig(env?: EnvSource): SignalEngineConfig {
  return loadConfig(signalEngineConfigSchema, env);
}
