import type { Features } from "@ops/trading";

const NON_NEGATIVE = ["atr14", "recent_vol", "baseline_vol", "volume_current", "volume_avg_20", "volume_ratio", "bb_bandwidth"] as const;
const FINITE = [
  "close", "sma20", "sma50", "ema12", "ema26", "rsi14", "macd", "macd_signal", "macd_hist", "bb_upper", "bb_middle",
  "bb_lower", "atr14", "recent_vol", "baseline_vol", "volume_current", "volume_avg_20", "volume_ratio",
  "distance_sma20", "distance_sma50", "bb_percent_b", "bb_bandwidth",
] as const;

/**
 * Why a computed row would break the features table's CHECKs (or hold a NaN that would poison
 * every reader), or undefined. One bad row is skipped instead of failing the whole batch insert.
 */
export function featureRowProblem(f: Features): string | undefined {
  for (const key of FINITE) {
    if (!Number.isFinite(f[key])) return `${key} is not finite (${String(f[key])})`;
  }
  if (f.vol_ratio !== null && !(Number.isFinite(f.vol_ratio) && f.vol_ratio >= 0)) return `vol_ratio is invalid (${f.vol_ratio})`;
  if (f.vwap !== null && !(Number.isFinite(f.vwap) && f.vwap > 0)) return `vwap is invalid (${f.vwap})`;
  if (!(f.close > 0)) return `close is not positive (${f.close})`;
  if (f.rsi14 < 0 || f.rsi14 > 100) return `rsi14 is outside [0, 100] (${f.rsi14})`;
  for (const key of NON_NEGATIVE) if (f[key] < 0) return `${key} is negative (${f[key]})`;
  if (!(f.bb_lower <= f.bb_middle && f.bb_middle <= f.bb_upper)) return "Bollinger bands are not ordered";
  if (![-1, 0, 1].includes(f.trend_state)) return `trend_state is ${String(f.trend_state)}`;
  return undefined;
}
