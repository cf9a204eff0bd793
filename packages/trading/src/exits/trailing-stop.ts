import type { TrailingRules } from "./exit-policy.js";
import type { Position } from "./position.js";

type TrailFields = Pick<Position, "side" | "entryPrice" | "peakPrice" | "trailingStopPrice">;

/** Unrealized P&L in percent of entry, inverted for shorts. */
export function pnlPct(position: Pick<Position, "side" | "entryPrice">, mark: number): number {
  const raw = (mark / position.entryPrice - 1) * 100;
  // Rounded to 1e-9 so that a mark of exactly +40 % is not read as 39.999999 and missed.
  const pct = Math.round(raw * 1e9) / 1e9;
  return position.side === "long" ? pct : -pct;
}

export interface TrailState {
  readonly peakPrice: number;
  readonly trailingStopPrice: number | null;
  readonly armed: boolean;
  readonly hit: boolean;
}

/**
 * Tracks the best mark and a trail that keeps (1 − giveback) of the peak gain. The trail only arms
 * after a minimum gain and a minimum hold (seed 39: no minimum meant stops on noise), and it never
 * loosens once set.
 */
export function updateTrail(position: TrailFields, mark: number, heldMinutes: number, rules: TrailingRules): TrailState {
  const long = position.side === "long";
  const entry = position.entryPrice;
  const previousPeak = position.peakPrice ?? entry;
  const peakPrice = long ? Math.max(previousPeak, mark) : Math.min(previousPeak, mark);
  const peakGainPct = pnlPct(position, peakPrice);
  const armed = heldMinutes >= rules.minHoldMinutes && peakGainPct >= rules.armGainPct;
  if (!armed) return { peakPrice, trailingStopPrice: position.trailingStopPrice, armed: false, hit: false };

  const candidate = long
    ? peakPrice - rules.givebackFraction * (peakPrice - entry)
    : peakPrice + rules.givebackFraction * (entry - peakPrice);
  const previous = position.trailingStopPrice;
  const trailingStopPrice =
    previous === null ? candidate : long ? Math.max(previous, candidate) : Math.min(previous, candidate);
  const hit = long ? mark <= trailingStopPrice : mark >= trailingStopPrice;
  return { peakPrice, trailingStopPrice, armed, hit };
}
