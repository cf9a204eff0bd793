// The trading rules' view of OCC option symbols (root/type), over the one parser in @ops/core's market-time module.
import { formatOccSymbol as formatOcc, tryParseOccSymbol } from "@ops/core/market-time";

export const OPTION_TYPES = ["call", "put"] as const;
export type OptionType = (typeof OPTION_TYPES)[number];

export interface OccParts {
  /** Underlying root, e.g. "SPY" (OCC pads it to 6 characters; we keep it unpadded like Alpaca). */
  readonly root: string;
  /** "YYYY-MM-DD". */
  readonly expiration: string;
  readonly type: OptionType;
  /** Dollars. */
  readonly strike: number;
}

export function parseOccSymbol(symbol: string): OccParts | null {
  const c = tryParseOccSymbol(symbol);
  return c === undefined ? null : { root: c.underlying, expiration: c.expiration, type: c.right, strike: c.strike };
}

export function isOccSymbol(symbol: string): boolean {
  return parseOccSymbol(symbol) !== null;
}

export function formatOccSymbol(parts: OccParts): string {
  return formatOcc({ underlying: parts.root, expiration: parts.expiration, right: parts.type, strike: parts.strike });
}
