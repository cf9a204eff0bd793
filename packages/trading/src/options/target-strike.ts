import type { StrategyType } from "../domain/vocabulary.js";
import type { OptionType } from "./occ-symbol.js";

/** Signed moneyness per strategy: positive = out of the money. Day 1.5 % OTM, swing ATM, conservative 3 % ITM. */
export const STRIKE_OFFSET_PCT: Readonly<Record<StrategyType, number>> = {
  day_trade: 0.015,
  swing_trade: 0,
  conservative: -0.03,
  gap_fade: 0,
};

export function targetStrike(underlyingPrice: number, side: OptionType, strategyType: StrategyType): number {
  const offset = STRIKE_OFFSET_PCT[strategyType];
  // OTM is above spot for calls and below spot for puts.
  return side === "call" ? underlyingPrice * (1 + offset) : underlyingPrice * (1 - offset);
}
