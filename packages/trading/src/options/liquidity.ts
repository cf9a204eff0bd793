import { midPrice, spreadPct } from "./contract-quality.js";
import { daysBetween } from "./eastern-time.js";
import type { OptionSnapshot } from "./option-snapshot.js";

/** Hard floor before any order (seed 27: a 10 %-spread, volume-10, $0.30 contract lost 86.6 % at once). */
export interface LiquidityFloor {
  readonly maxSpreadPct: number;
  readonly minMid: number;
  readonly minDailyVolume: number;
}

export const DEFAULT_LIQUIDITY_FLOOR: LiquidityFloor = { maxSpreadPct: 5, minMid: 1, minDailyVolume: 500 };

export const LIQUIDITY_FAILURES = ["no_bid", "no_ask", "crossed", "wide_spread", "cheap", "thin_volume", "expired"] as const;
export type LiquidityFailure = (typeof LIQUIDITY_FAILURES)[number];

/** The first reason a contract fails the floor, or null when it passes. */
export function liquidityFailure(s: OptionSnapshot, today: string, floor: LiquidityFloor = DEFAULT_LIQUIDITY_FLOOR): LiquidityFailure | null {
  if (daysBetween(today, s.expiration) < 0) return "expired";
  if (!(s.bid > 0)) return "no_bid";
  if (!(s.ask > 0)) return "no_ask";
  if (s.ask < s.bid) return "crossed";
  if (!(spreadPct(s) <= floor.maxSpreadPct)) return "wide_spread";
  if (!(midPrice(s) >= floor.minMid)) return "cheap";
  if (!(s.dailyVolume >= floor.minDailyVolume)) return "thin_volume";
  return null;
}
