import { DEFAULT_SIGNAL_CONFIG, type SignalConfig } from "./signal-config.js";

/**
 * Day-trade confidence needed at this vol_ratio: 0.65, rising 0.05 per 0.2 of vol_ratio above 1.2,
 * capped at 0.75 (expensive options need more conviction).
 */
export function adaptiveDayThreshold(
  volRatio: number,
  cfg: Pick<SignalConfig, "dayTradeConfidence" | "dayTradeConfidenceCap" | "adaptiveVolStart" | "adaptiveSlope"> = DEFAULT_SIGNAL_CONFIG,
): number {
  if (!(volRatio > cfg.adaptiveVolStart)) return cfg.dayTradeConfidence;
  return Math.min(cfg.dayTradeConfidence + cfg.adaptiveSlope * (volRatio - cfg.adaptiveVolStart), cfg.dayTradeConfidenceCap);
}
