import { isIsoDate } from "./eastern-time.js";

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

// Parsed from the right: the 15-character tail is fixed width, the root is whatever is left.
const OCC_RE = /^([A-Z][A-Z0-9.]{0,5})(\d{2})(\d{2})(\d{2})([CP])(\d{8})$/;

export function parseOccSymbol(symbol: string): OccParts | null {
  const m = OCC_RE.exec(symbol.replace(/ /g, ""));
  if (m === null) return null;
  const [, root, yy, mm, dd, right, strike] = m;
  if (root === undefined || yy === undefined || mm === undefined || dd === undefined || strike === undefined) {
    return null;
  }
  const expiration = `20${yy}-${mm}-${dd}`;
  if (!isIsoDate(expiration)) return null;
  return { root, expiration, type: right === "C" ? "call" : "put", strike: Number(strike) / 1000 };
}

export function isOccSymbol(symbol: string): boolean {
  return parseOccSymbol(symbol) !== null;
}

export function formatOccSymbol(parts: OccParts): string {
  if (!isIsoDate(parts.expiration)) throw new RangeError(`bad expiration ${parts.expiration}`);
  const milli = Math.round(parts.strike * 1000);
  if (!Number.isInteger(milli) || milli <= 0 || milli > 99_999_999) {
    throw new RangeError(`strike out of OCC range: ${parts.strike}`);
  }
  const ymd = parts.expiration.slice(2).replace(/-/g, "");
  return `${parts.root}${ymd}${parts.type === "call" ? "C" : "P"}${String(milli).padStart(8, "0")}`;
}
