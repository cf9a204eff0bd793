// OCC option symbols as Alpaca writes them: ROOT + YYMMDD + C|P + strike×1000 in 8 digits, with no
// padding (QCOM260206C00150000 = QCOM 2026-02-06 call 150). Parsed from the right because roots are
// 1-6 characters and may contain digits after corporate actions (e.g. AAPL1).

export const OPTION_RIGHTS = ["call", "put"] as const;
/** Alpaca's own words for the right (its option-contract `type` field); the symbol encodes C/P. */
export type OptionRight = (typeof OPTION_RIGHTS)[number];

export interface OccContract {
  underlying: string;
  /** "YYYY-MM-DD" */
  expiration: string;
  right: OptionRight;
  /** In dollars, at most three decimals. */
  strike: number;
}

export class OccSymbolError extends Error {
  readonly input: string;
  constructor(input: string, reason: string) {
    super(`invalid OCC option symbol ${JSON.stringify(input)}: ${reason}`);
    this.name = "OccSymbolError";
    this.input = input;
  }
}

const TAIL_LENGTH = 15; // YYMMDD + C/P + 8 strike digits
const MAX_ROOT_LENGTH = 6;
const ROOT_RE = /^[A-Z0-9]{1,6}$/;
const TAIL_RE = /^(\d{2})(\d{2})(\d{2})([CP])(\d{8})$/;
const MAX_STRIKE_MILLIS = 99_999_999;

function isCalendarDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

function parseOrReason(s: string): OccContract | string {
  if (typeof s !== "string") return "not a string";
  if (s.length <= TAIL_LENGTH) return "too short";
  // The 21-character OCC form pads the root with spaces; accept it, but never emit it.
  const head = s.slice(0, -TAIL_LENGTH);
  const tail = s.slice(-TAIL_LENGTH);
  if (head.length > MAX_ROOT_LENGTH) return "root longer than 6 characters";
  const root = head.trimEnd();
  if (!ROOT_RE.test(root)) return "root must be 1-6 upper-case letters or digits";
  const m = TAIL_RE.exec(tail);
  if (m === null) return "expected YYMMDD, C or P and an 8-digit strike after the root";
  const year = 2000 + Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (!isCalendarDate(year, month, day)) return `expiration ${m[1]}${m[2]}${m[3]} is not a calendar date`;
  const strikeMillis = Number(m[5]);
  if (strikeMillis === 0) return "strike is zero";
  return {
    underlying: root,
    expiration: `${year}-${m[2]}-${m[3]}`,
    right: m[4] === "C" ? "call" : "put",
    // Integer ÷ 1000 is correctly rounded, so this equals the decimal literal (1234567 → 1234.567).
    strike: strikeMillis / 1000,
  };
}

/** Parses an OCC symbol; throws OccSymbolError with the reason when it is not one. */
export function parseOccSymbol(s: string): OccContract {
  const result = parseOrReason(s);
  if (typeof result === "string") throw new OccSymbolError(String(s), result);
  return result;
}

export function tryParseOccSymbol(s: string): OccContract | undefined {
  const result = parseOrReason(s);
  return typeof result === "string" ? undefined : result;
}

export function isOccSymbol(s: string): boolean {
  return typeof parseOrReason(s) !== "string";
}

/** Formats a contract as Alpaca's unpadded OCC symbol; throws OccSymbolError on an impossible contract. */
export function formatOccSymbol(contract: OccContract): string {
  const { underlying, expiration, right, strike } = contract;
  const label = `${underlying} ${expiration} ${right} ${strike}`;
  if (!ROOT_RE.test(underlying)) throw new OccSymbolError(label, "root must be 1-6 upper-case letters or digits");
  const dm = /^20(\d{2})-(\d{2})-(\d{2})$/.exec(expiration);
  if (dm === null || !isCalendarDate(2000 + Number(dm[1]), Number(dm[2]), Number(dm[3]))) {
    throw new OccSymbolError(label, "expiration must be a YYYY-MM-DD date in 2000-2099");
  }
  if (right !== "call" && right !== "put") throw new OccSymbolError(label, 'right must be "call" or "put"');
  if (!Number.isFinite(strike) || strike <= 0) throw new OccSymbolError(label, "strike must be a positive number");
  const scaled = strike * 1000;
  const millis = Math.round(scaled);
  // Tolerate float noise such as 0.1 + 0.2, but not a real fourth decimal.
  if (Math.abs(scaled - millis) > 1e-6) throw new OccSymbolError(label, "strike has more than three decimals");
  if (millis > MAX_STRIKE_MILLIS) throw new OccSymbolError(label, "strike above 99999.999");
  return `${underlying}${dm[1]}${dm[2]}${dm[3]}${right === "call" ? "C" : "P"}${String(millis).padStart(8, "0")}`;
}
