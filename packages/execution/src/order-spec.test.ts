import { describe, expect, it } from "vitest";
import { orderSpecProblem } from "./order-spec.js";
import type { OrderSpec } from "./order-spec.js";

const optionEntry: OrderSpec = {
  account: "tiny-1k", recId: "5", positionId: null, purpose: "entry", attempt: 1, symbol: "SPY240308C00500000", underlying: "SPY",
  instrumentType: "CALL", side: "buy", positionIntent: "buy_to_open", qty: 1, orderType: "limit", limitPrice: 2.15, timeInForce: "day", detail: {},
};
const optionExit: OrderSpec = { ...optionEntry, recId: null, positionId: "9", purpose: "exit", side: "sell", positionIntent: "sell_to_close", orderType: "market", limitPrice: null };
const stockEntry: OrderSpec = { ...optionEntry, symbol: "SPY", instrumentType: "STOCK", positionIntent: null, limitPrice: 500.01 };

describe("orderSpecProblem", () => {
  it.each([
    ["an option entry buy_to_open at a tick price", optionEntry],
    ["an option exit sell_to_close at market", optionExit],
    ["a stock limit buy", stockEntry],
  ])("accepts %s", (_name, spec) => {
    expect(orderSpecProblem(spec)).toBeNull();
  });

  it.each([
    ["an option order on the underlying ticker", { ...optionExit, symbol: "SPY" }],
    ["an option exit that sells to open", { ...optionExit, positionIntent: "sell_to_open" as const }],
    ["an option exit with no intent", { ...optionExit, positionIntent: null }],
    ["an option on another underlying", { ...optionEntry, underlying: "QQQ" }],
    ["a put symbol on a call order", { ...optionEntry, symbol: "SPY240308P00500000" }],
    ["a stock order holding an OCC symbol", { ...stockEntry, symbol: "SPY240308C00500000" }],
    ["a sub-penny stock limit", { ...stockEntry, limitPrice: 500.005 }],
    ["an option limit off the nickel grid", { ...optionEntry, limitPrice: 2.13 }],
    ["fractional contracts", { ...optionEntry, qty: 1.5 }],
    ["zero quantity", { ...stockEntry, qty: 0 }],
    ["a market order with a price", { ...optionExit, limitPrice: 2 }],
  ])("refuses %s", (_name, spec) => {
    expect(orderSpecProblem(spec)).toEqual(expect.any(String));
  });
});
