import { describe, expect, it } from "vitest";
import { validateOrderRequest } from "../src/index.js";
import type { SubmitOrderRequest } from "../src/index.js";

const option = "AAPL260116C00250000";
const base: SubmitOrderRequest = { clientOrderId: "ops-e-r1-large-100k-a1", symbol: option, qty: 2, side: "buy", type: "limit", limitPrice: 3.45, timeInForce: "day" };

function rejectionOf(request: SubmitOrderRequest): string {
  const result = validateOrderRequest(request);
  if (result.ok) throw new Error("expected a rejection");
  return result.message;
}

describe("validateOrderRequest", () => {
  it("builds a simple day limit order with buy_to_open for an option entry", () => {
    const result = validateOrderRequest(base);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.body).toMatchObject({ symbol: option, qty: "2", side: "buy", type: "limit", limitPrice: "3.45", positionIntent: "buy_to_open", orderClass: "simple", clientOrderId: base.clientOrderId });
  });

  it("refuses an option sell that does not say sell_to_close (seed failure 22)", () => {
    expect(rejectionOf({ ...base, side: "sell" })).toMatch(/sell_to_close/);
    expect(rejectionOf({ ...base, side: "sell", positionIntent: "sell_to_open" })).toMatch(/sell_to_close/);
    const closing = validateOrderRequest({ ...base, side: "sell", positionIntent: "sell_to_close" });
    expect(closing.ok && closing.body.positionIntent).toBe("sell_to_close");
  });

  it("refuses sub-penny limit prices instead of rounding them (seed failure 20)", () => {
    expect(rejectionOf({ ...base, limitPrice: 3.456 })).toMatch(/tick/);
    expect(rejectionOf({ ...base, symbol: "BAC", limitPrice: 44.125 })).toMatch(/tick/);
    const subDollar = validateOrderRequest({ ...base, symbol: "SIRI", limitPrice: 0.4512 });
    expect(subDollar.ok && subDollar.body.limitPrice).toBe("0.4512");
  });

  it("refuses fractional or non-positive quantities", () => {
    expect(rejectionOf({ ...base, qty: 1.5 })).toMatch(/qty/);
    expect(rejectionOf({ ...base, qty: 0 })).toMatch(/qty/);
    expect(rejectionOf({ ...base, qty: Number.NaN })).toMatch(/qty/);
  });

  it("requires a limit price on limit orders and forbids one on market orders", () => {
    const { limitPrice: _omitted, ...withoutPrice } = base;
    expect(rejectionOf(withoutPrice)).toMatch(/limit price/);
    expect(rejectionOf({ ...base, type: "market" })).toMatch(/market order/);
  });

  it("refuses non-day options, unknown symbols and equity position intents", () => {
    expect(rejectionOf({ ...base, timeInForce: "gtc" })).toMatch(/day/);
    expect(rejectionOf({ ...base, symbol: "aapl" })).toMatch(/symbol/);
    expect(rejectionOf({ ...base, symbol: "BAC", limitPrice: 44.12, positionIntent: "buy_to_open" })).toMatch(/option orders only/);
  });

  it("sends no position intent for a plain equity order", () => {
    const result = validateOrderRequest({ ...base, symbol: "BAC", type: "market", limitPrice: undefined, qty: 10 });
    expect(result.ok).toBe(true);
    expect(result.ok && result.body.positionIntent).toBeUndefined();
  });
});
