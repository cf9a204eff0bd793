import { isOccSymbol } from "@ops/core";
import {
  POSITION_INTENTS, SIM_ORDER_TYPES, SIM_SIDES, SIM_TIME_IN_FORCE,
  type OrderRequest, type PositionIntent, type SimOrderType, type SimSide, type SimTimeInForce,
} from "./order-types.js";

export interface RequestError {
  readonly status: number;
  readonly message: string;
}

export type Parsed<T> = { readonly ok: true; readonly value: T } | ({ readonly ok: false } & RequestError);

const MAX_CLIENT_ORDER_ID_LENGTH = 128;

function fail(status: number, message: string): { ok: false; status: number; message: string } {
  return { ok: false, status, message };
}

function isOneOf<T extends string>(set: readonly T[], v: unknown): v is T {
  return typeof v === "string" && (set as readonly string[]).includes(v);
}

/** Alpaca sends decimals as strings and accepts numbers; anything else is invalid. */
export function parseDecimalField(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value !== "string" || !/^\s*-?\d+(\.\d+)?\s*$/.test(value)) return undefined;
  return Number(value);
}

/** Whole units only: no asset in the simulator is fractionable. */
export function parseQty(value: unknown): Parsed<number> {
  const qty = parseDecimalField(value);
  if (qty === undefined) return fail(422, "qty must be a positive number");
  if (qty <= 0) return fail(422, "qty must be > 0");
  if (!Number.isInteger(qty)) return fail(422, "fractional orders are not supported: qty must be a whole number");
  return { ok: true, value: qty };
}

/**
 * Validates the POST /v2/orders body. Only what the pipeline uses is supported (simple market and
 * limit orders, day/gtc); anything else is refused with 422 instead of being silently ignored.
 */
export function parseOrderRequest(body: unknown): Parsed<OrderRequest> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return fail(422, "request body format is invalid");
  }
  const b = body as Record<string, unknown>;
  if (typeof b.symbol !== "string" || b.symbol.trim() === "") return fail(422, "symbol is required");
  const symbol = b.symbol.trim().toUpperCase();

  if (b.notional !== undefined && b.notional !== null) {
    return fail(422, "notional orders are not supported: assets are not fractionable");
  }
  if (b.qty === undefined || b.qty === null) return fail(422, "qty is required");
  const qty = parseQty(b.qty);
  if (!qty.ok) return qty;

  if (!isOneOf<SimSide>(SIM_SIDES, b.side)) return fail(422, "invalid side: must be buy or sell");
  if (!isOneOf<SimOrderType>(SIM_ORDER_TYPES, b.type)) {
    return fail(422, `order type ${JSON.stringify(b.type)} is not supported: use market or limit`);
  }
  if (!isOneOf<SimTimeInForce>(SIM_TIME_IN_FORCE, b.time_in_force)) {
    return fail(422, `time_in_force ${JSON.stringify(b.time_in_force)} is not supported: use day or gtc`);
  }
  const orderClass = b.order_class;
  if (orderClass !== undefined && orderClass !== null && orderClass !== "" && orderClass !== "simple") {
    return fail(422, `order_class ${JSON.stringify(orderClass)} is not supported: only simple orders`);
  }
  if (b.extended_hours === true) return fail(422, "extended hours orders are not supported");
  for (const k of ["stop_price", "trail_price", "trail_percent", "take_profit", "stop_loss", "legs"]) {
    if (b[k] !== undefined && b[k] !== null) return fail(422, `${k} is not supported`);
  }

  let limitPrice: number | undefined;
  if (b.type === "limit") {
    limitPrice = parseDecimalField(b.limit_price);
    if (limitPrice === undefined) return fail(422, "limit_price is required for limit orders");
    if (limitPrice <= 0) return fail(422, "limit_price must be > 0");
  } else if (b.limit_price !== undefined && b.limit_price !== null) {
    return fail(422, "limit_price must not be set for market orders");
  }

  let clientOrderId: string | undefined;
  if (b.client_order_id !== undefined && b.client_order_id !== null) {
    if (typeof b.client_order_id !== "string" || b.client_order_id === "") {
      return fail(422, "client_order_id must be a non-empty string");
    }
    if (b.client_order_id.length > MAX_CLIENT_ORDER_ID_LENGTH) {
      return fail(422, `client_order_id must be no more than ${MAX_CLIENT_ORDER_ID_LENGTH} characters`);
    }
    clientOrderId = b.client_order_id;
  }

  let positionIntent: PositionIntent | undefined;
  if (b.position_intent !== undefined && b.position_intent !== null) {
    if (!isOneOf<PositionIntent>(POSITION_INTENTS, b.position_intent)) return fail(422, "invalid position_intent");
    positionIntent = b.position_intent;
  }

  return {
    ok: true,
    value: {
      symbol,
      assetClass: isOccSymbol(symbol) ? "us_option" : "us_equity",
      qty: qty.value,
      side: b.side,
      type: b.type,
      timeInForce: b.time_in_force,
      limitPrice,
      clientOrderId,
      positionIntent,
    },
  };
}
