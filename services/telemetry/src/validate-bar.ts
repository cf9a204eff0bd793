import type { Bar } from "@ops/trading";

/** Why a bar from the API was refused. Each one would poison every indicator computed from it. */
export const BAR_REJECT_REASONS = [
  "bad_symbol",
  "bad_timestamp",
  "future_timestamp",
  "non_finite_price",
  "non_positive_price",
  "high_below_low",
  "open_outside_range",
  "close_outside_range",
  "bad_volume",
] as const;
export type BarRejectReason = (typeof BAR_REJECT_REASONS)[number];

/**
 * Checks one bar against what a one-minute OHLCV bar must satisfy (and what the bars table's CHECKs
 * demand), so a bad bar is skipped with a reason instead of failing the whole batch insert.
 * `now` rejects bars stamped in the future (a clock or parsing error upstream).
 */
export function validateBar(bar: Bar, now: Date): BarRejectReason | undefined {
  if (typeof bar.symbol !== "string" || bar.symbol.trim() === "") return "bad_symbol";
  const t = bar.ts instanceof Date ? bar.ts.getTime() : Number.NaN;
  if (!Number.isFinite(t)) return "bad_timestamp";
  if (t > now.getTime()) return "future_timestamp";
  const prices = [bar.open, bar.high, bar.low, bar.close];
  if (!prices.every((p) => typeof p === "number" && Number.isFinite(p))) return "non_finite_price";
  if (!prices.every((p) => p > 0)) return "non_positive_price";
  if (bar.high < bar.low) return "high_below_low";
  if (bar.open > bar.high || bar.open < bar.low) return "open_outside_range";
  if (bar.close > bar.high || bar.close < bar.low) return "close_outside_range";
  const v = bar.volume;
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) return "bad_volume";
  return undefined;
}
