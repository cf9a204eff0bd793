// Checks an order before it leaves the process and builds Alpaca's request body. Everything refused here
// is a bug upstream (sizing, rounding, intent), reported as a rejection with status 0, never "fixed" silently.
import type { trading } from "@alpacahq/alpaca-trade-api/rest";
import { ORDER_TYPES, TIME_IN_FORCE } from "./broker.js";
import type { PositionIntent, SubmitOrderRequest } from "./broker.js";
import { optionInstrument } from "./occ-symbol.js";

export type ValidatedOrder = { readonly ok: true; readonly body: trading.PostOrderRequest } | { readonly ok: false; readonly message: string };

const EQUITY_SYMBOL = /^[A-Z][A-Z0-9.]{0,9}$/;
const MAX_CLIENT_ORDER_ID = 128;

/** Cents for options and stocks from $1; sub-dollar stocks may use 4 decimals (Reg NMS 612). */
function formatPrice(price: number, isOption: boolean): string | undefined {
  const decimals = !isOption && price < 1 ? 4 : 2;
  const text = price.toFixed(decimals);
  return Math.abs(Number(text) - price) < 1e-9 ? text : undefined;
}

function optionIntent(request: SubmitOrderRequest): { intent: PositionIntent } | { error: string } {
  const intent = request.positionIntent;
  if (request.side === "buy") {
    if (intent === undefined) return { intent: "buy_to_open" };
    if (intent === "buy_to_open" || intent === "buy_to_close") return { intent };
    return { error: `a buy cannot carry position intent ${intent}` };
  }
  // Seed failure 22: a sell without sell_to_close opened shorts or hit the cash-secured-put check.
  if (intent === "sell_to_close") return { intent };
  return { error: `an option sell must say sell_to_close (got ${intent ?? "none"}); prefer closePosition` };
}

export function validateOrderRequest(request: SubmitOrderRequest): ValidatedOrder {
  const fail = (message: string): ValidatedOrder => ({ ok: false, message: `order ${request.clientOrderId}: ${message}` });
  const { clientOrderId, symbol, qty, side, type, timeInForce, limitPrice } = request;
  if (typeof clientOrderId !== "string" || clientOrderId.length === 0 || clientOrderId.length > MAX_CLIENT_ORDER_ID) {
    return fail(`client order id must be 1..${MAX_CLIENT_ORDER_ID} characters`);
  }
  const occ = optionInstrument(symbol);
  const isOption = occ !== undefined;
  if (!isOption && !EQUITY_SYMBOL.test(symbol)) return fail(`symbol ${JSON.stringify(symbol)} is neither an equity ticker nor an OCC option symbol`);
  if (!Number.isInteger(qty) || qty <= 0) return fail(`qty must be a positive whole number, got ${qty}`);
  if (side !== "buy" && side !== "sell") return fail(`side must be buy or sell, got ${String(side)}`);
  if (!(ORDER_TYPES as readonly string[]).includes(type)) return fail(`type must be one of ${ORDER_TYPES.join("/")}, got ${String(type)}`);
  if (!(TIME_IN_FORCE as readonly string[]).includes(timeInForce)) return fail(`time in force ${String(timeInForce)} is not supported`);
  if (isOption && timeInForce !== "day") return fail("option orders must be day orders");

  const body: trading.PostOrderRequest = {
    symbol,
    qty: String(qty),
    side,
    type,
    timeInForce,
    clientOrderId,
    orderClass: "simple",
  };

  if (type === "limit") {
    if (limitPrice === undefined || !Number.isFinite(limitPrice) || limitPrice <= 0) return fail(`limit order needs a positive limit price, got ${limitPrice}`);
    const text = formatPrice(limitPrice, isOption);
    if (text === undefined) return fail(`limit price ${limitPrice} is not on the instrument's tick (seed failure 20: round before submitting)`);
    body.limitPrice = text;
  } else if (limitPrice !== undefined) {
    return fail("market order must not carry a limit price");
  }

  if (isOption) {
    const checked = optionIntent(request);
    if ("error" in checked) return fail(checked.error);
    body.positionIntent = checked.intent;
  } else if (request.positionIntent !== undefined) {
    return fail("position intent applies to option orders only");
  }
  return { ok: true, body };
}
