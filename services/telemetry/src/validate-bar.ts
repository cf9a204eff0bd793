import type { Bar } from "@ops/trading";

/** Why a bar from the API was refused. Each one would poison every indicator computed from it. */
export const BAR_REJECT_REASONS = [
  "malformed",
  "bad_symbol",
  "not_in_universe",
  "bad_timestamp",
  "not_minute_aligned",
  "future_timestamp",
  "non_finite_price",
  "non_positive_price",
  "high_below_low",
  "open_outside_range",
  "close_outside_range",
  "bad_volume",
] as const;
export type BarRejectReason = (typeof BAR_REJECT_REASONS)[number];

const MINUTE_MS = 60_000;

/**
 * Checks one bar against what a one-minute OHLCV bar must satisfy (and what the bars table's CHECKs
 * demand), so a bad bar is skipped with a reason instead of failing the whole batch insert:
 * finite positive prices, high ≥ max(open, close) and low ≤ min(open, close), a whole non-negative
 * volume, a timestamp on a minute boundary that is not after `now`, and (when `universe` is given) a
 * symbol that was asked for. "malformed" is for bars the API answer could not even be read as.
 */
export function validateBar(bar: Bar, now: Date, universe?: ReadonlySet<string>): BarRejectReason | undefined {
  if (typeof bar.symbol !== "string" || bar.symbol.trim() === "") return "bad_symbol";
  if (universe !== undefined && !universe.has(bar.symbol)) return "not_in_universe";
  const t = bar.ts instanceof Date ? bar.ts.getTime() : Number.NaN;
  if (!Number.isFinite(t)) return "bad_timestamp";
  if (t % MINUTE_MS !== 0) return "not_minute_aligned";
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
