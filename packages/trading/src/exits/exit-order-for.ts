import type { InstrumentType, OrderSide } from "../domain/vocabulary.js";
import { isOccSymbol } from "../options/occ-symbol.js";
import type { Position } from "./position.js";

/** Alpaca's position_intent values used on exits. */
export type ClosingIntent = "sell_to_close" | "buy_to_close";

export interface ExitOrder {
  /** The exact held instrument: the OCC symbol for options, never the underlying (seed 21). */
  readonly symbol: string;
  /** Exactly the held quantity. */
  readonly qty: number;
  readonly side: OrderSide;
  /** Set for options so the broker can never read the sell as opening a short (seed 22). */
  readonly positionIntent: ClosingIntent | null;
  readonly instrumentType: InstrumentType;
}

export class ExitOrderError extends Error {
  override readonly name = "ExitOrderError";
  constructor(
    message: string,
    readonly positionId: string,
  ) {
    super(message);
  }
}

/**
 * The one way to build a closing order. Refuses (throws — this is a broken invariant, not a market
 * condition) anything that could open new exposure: an option row without an OCC symbol, a stock row
 * holding an OCC symbol, a non-positive or fractional-contract quantity, or an already-closed row.
 */
export function exitOrderFor(position: Position): ExitOrder {
  const { id, symbol, qty, instrumentType, side } = position;
  if (position.status === "closed") throw new ExitOrderError(`position ${id} is already closed`, id);
  if (!(Number.isFinite(qty) && qty > 0)) throw new ExitOrderError(`position ${id} has qty ${qty}`, id);
  const closingSide: OrderSide = side === "long" ? "sell" : "buy";
  if (instrumentType === "STOCK") {
    if (isOccSymbol(symbol)) throw new ExitOrderError(`stock position ${id} carries option symbol ${symbol}`, id);
    return { symbol, qty, side: closingSide, positionIntent: null, instrumentType };
  }
  if (!isOccSymbol(symbol) || symbol === position.underlying) {
    throw new ExitOrderError(`option position ${id} has no OCC symbol (got ${symbol})`, id);
  }
  if (!Number.isInteger(qty)) throw new ExitOrderError(`option position ${id} has fractional qty ${qty}`, id);
  if (side !== "long") throw new ExitOrderError(`option position ${id} is short; only long premium is traded`, id);
  return { symbol, qty, side: "sell", positionIntent: "sell_to_close", instrumentType };
}
