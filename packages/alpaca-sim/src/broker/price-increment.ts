import { isMultipleOf } from "./decimal-format.js";
import type { AssetClass } from "./order-types.js";

/**
 * Underlyings whose options quote in pennies at every price (the simulator's stand-in for the
 * Penny Interval Program, simplified to the three most liquid ETFs).
 */
export const DEFAULT_PENNY_PILOT_UNDERLYINGS: readonly string[] = ["SPY", "QQQ", "IWM"];

/**
 * Minimum price increment, simplified from the exchange rules:
 * stocks $0.01 at or above $1, $0.0001 below; options $0.05 under $3 and $0.10 at or above, or
 * $0.01 for penny-pilot underlyings.
 */
export function priceIncrement(
  assetClass: AssetClass,
  price: number,
  underlying: string,
  pennyPilot: readonly string[],
): number {
  if (assetClass === "us_equity") return price >= 1 ? 0.01 : 0.0001;
  if (pennyPilot.includes(underlying)) return 0.01;
  return price < 3 ? 0.05 : 0.1;
}

/** Alpaca's wording for a price off the tick grid, or undefined when the price is valid. */
export function checkPriceIncrement(
  assetClass: AssetClass,
  price: number,
  underlying: string,
  pennyPilot: readonly string[],
): string | undefined {
  const increment = priceIncrement(assetClass, price, underlying, pennyPilot);
  if (isMultipleOf(price, increment)) return undefined;
  return assetClass === "us_equity"
    ? `invalid limit_price ${price}. sub-penny increment does not fulfill minimum pricing criteria`
    : `invalid limit_price ${price}: option prices must be in increments of ${increment}`;
}
