// The buy limit of an option entry: the mid, moved toward the ask by a configurable offset, and a bit
// further on each re-price step (bounded: never above the ask). Always on the option tick grid.
import { roundToTick } from "../sizing/round-to-tick.js";

export interface EntryLimitParams {
  /** Fraction of the half-spread (ask − mid) added to the mid on the first attempt, in [0, 1]. */
  readonly offset: number;
  /** 0 for the first order, 1.. for each re-price after an unfilled limit was cancelled. */
  readonly step: number;
  /** Fraction of the half-spread added per re-price step, in [0, 1]. */
  readonly stepFraction: number;
}

/** null when the quote cannot be priced (no two-sided market). */
export function optionEntryLimit(quote: { readonly bid: number; readonly ask: number }, p: EntryLimitParams): number | null {
  const { bid, ask } = quote;
  if (!(Number.isFinite(bid) && Number.isFinite(ask) && bid > 0 && ask >= bid)) return null;
  if (!(p.offset >= 0 && p.offset <= 1 && p.stepFraction >= 0 && p.stepFraction <= 1 && Number.isInteger(p.step) && p.step >= 0)) {
    throw new RangeError(`invalid entry limit params ${JSON.stringify(p)}`);
  }
  const mid = (bid + ask) / 2;
  const fraction = Math.min(1, p.offset + p.step * p.stepFraction);
  const raw = mid + fraction * (ask - mid);
  // At the mid, nearest (as the selector prices it); past it, up, so each step really moves toward the ask.
  const price = roundToTick(raw, "option", fraction > 0 ? "up" : "nearest");
  return Math.min(price, roundToTick(ask, "option", "up"));
}
