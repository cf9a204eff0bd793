// Pure checks that an order names one exact instrument consistently before a row is written. The DB
// CHECK constraints say the same thing; checking here turns a violation into a clear refusal instead
// of a failed transaction.
import { isOccSymbol, parseOccSymbol, roundToTick } from "@ops/trading";
import type { AccountId, InstrumentType, OrderPurpose, OrderSide } from "@ops/trading";
import type { PositionIntent } from "@ops/broker-alpaca";

export const ORDER_TYPES = ["market", "limit"] as const;
export type ExecutionOrderType = (typeof ORDER_TYPES)[number];

/** Everything an orders row and the broker request need. */
export interface OrderSpec {
  readonly account: AccountId;
  readonly recId: string | null;
  readonly positionId: string | null;
  readonly purpose: OrderPurpose;
  readonly attempt: number;
  readonly symbol: string;
  readonly underlying: string;
  readonly instrumentType: InstrumentType;
  readonly side: OrderSide;
  readonly positionIntent: PositionIntent | null;
  readonly qty: number;
  readonly orderType: ExecutionOrderType;
  readonly limitPrice: number | null;
  readonly timeInForce: "day";
  /** Context stored in orders.raw.request (contract choice, sizing, exit reason). */
  readonly detail: Readonly<Record<string, unknown>>;
}

/** Returns a message naming the first problem, or null when the spec is consistent. */
export function orderSpecProblem(spec: OrderSpec): string | null {
  const { symbol, underlying, instrumentType, qty, orderType, limitPrice } = spec;
  if (!Number.isInteger(qty) || qty <= 0) return `qty must be a positive whole number, got ${qty}`;
  if (instrumentType === "STOCK") {
    if (isOccSymbol(symbol)) return `stock order carries option symbol ${symbol}`;
    if (symbol !== underlying) return `stock order symbol ${symbol} differs from underlying ${underlying}`;
    if (spec.positionIntent !== null) return "stock orders carry no position intent";
  } else {
    const occ = parseOccSymbol(symbol);
    if (occ === null) return `option order needs an OCC symbol, got ${symbol} (seed 21: never the underlying)`;
    if (occ.root !== underlying) return `option ${symbol} is not on underlying ${underlying}`;
    if ((occ.type === "call") !== (instrumentType === "CALL")) return `option ${symbol} is not a ${instrumentType}`;
    // Long premium only (seed 22): open with buy_to_open, close with sell_to_close.
    const expected: PositionIntent = spec.purpose === "entry" ? "buy_to_open" : "sell_to_close";
    const expectedSide: OrderSide = spec.purpose === "entry" ? "buy" : "sell";
    if (spec.side !== expectedSide || spec.positionIntent !== expected) {
      return `option ${spec.purpose} must be ${expectedSide} ${expected}, got ${spec.side} ${spec.positionIntent ?? "none"}`;
    }
  }
  if (orderType === "limit") {
    if (limitPrice === null || !(Number.isFinite(limitPrice) && limitPrice > 0)) return `limit order needs a positive price, got ${limitPrice}`;
    // Seed 20: the broker refuses sub-tick prices; round before calling, never here.
    if (roundToTick(limitPrice, instrumentType) !== limitPrice) return `limit price ${limitPrice} is not on the ${instrumentType} tick`;
  } else if (limitPrice !== null) {
    return "market order must not carry a limit price";
  }
  return null;
}
