import type { OptionSnapshot } from "./option-snapshot.js";

export interface QualityScore {
  readonly total: number;
  readonly spread: number;
  readonly volume: number;
  readonly delta: number;
  readonly strike: number;
}

/** Contracts scoring below this are not considered. */
export const MIN_QUALITY_SCORE = 70;

export function midPrice(s: Pick<OptionSnapshot, "bid" | "ask">): number {
  return (s.bid + s.ask) / 2;
}

/** Bid/ask spread as a percent of the mid (5 means 5 %); Infinity when there is no two-sided quote. */
export function spreadPct(s: Pick<OptionSnapshot, "bid" | "ask">): number {
  const mid = midPrice(s);
  if (!(s.bid > 0 && s.ask > 0 && s.ask >= s.bid && mid > 0)) return Number.POSITIVE_INFINITY;
  return ((s.ask - s.bid) / mid) * 100;
}

/**
 * 0–100: spread up to 40, volume up to 30, delta up to 20, strike closeness up to 10 (§3.7 step 4).
 * Missing greeks score the delta floor of 5 rather than being guessed.
 */
export function scoreContract(s: OptionSnapshot, target: number): QualityScore {
  const sp = spreadPct(s);
  const spread = Number.isFinite(sp) ? 40 * Math.max(0, 1 - sp / 10) : 0;
  const v = s.dailyVolume;
  const volume = v >= 1000 ? 30 : v >= 200 ? 15 + (15 * (v - 200)) / 800 : 0;
  const d = s.delta === null ? Number.NaN : Math.abs(s.delta);
  const delta = d >= 0.3 && d <= 0.5 ? 20 : d >= 0.25 && d <= 0.6 ? 15 : d >= 0.2 && d <= 0.7 ? 10 : 5;
  const strike = 10 * Math.max(0, 1 - Math.abs(s.strike - target) / target / 0.05);
  return { total: spread + volume + delta + strike, spread, volume, delta, strike };
}
