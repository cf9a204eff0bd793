import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatOccSymbol, isOccSymbol } from "../options/occ-symbol.js";
import { makePosition } from "../testing/builders.js";
import { exitOrderFor, ExitOrderError } from "./exit-order-for.js";

describe("exitOrderFor", () => {
  it("closing an option never creates an equity order (seed 21/22)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("SPY", "CRM", "GOOGL", "ORCL", "AAPL"),
        fc.constantFrom("call" as const, "put" as const),
        fc.integer({ min: 1, max: 2_000 }),
        fc.integer({ min: 1, max: 50 }),
        (underlying, type, strike, qty) => {
          const symbol = formatOccSymbol({ root: underlying, expiration: "2026-02-20", type, strike });
          const position = makePosition({
            underlying,
            symbol,
            instrumentType: type === "call" ? "CALL" : "PUT",
            qty,
          });
          const order = exitOrderFor(position);
          expect(order.symbol).toBe(symbol);
          expect(order.symbol).not.toBe(underlying);
          expect(isOccSymbol(order.symbol)).toBe(true);
          expect(order).toMatchObject({ qty, side: "sell", positionIntent: "sell_to_close" });
        },
      ),
    );
  });

  it("refuses an option row keyed by its underlying ticker (the CRM −11 shares bug)", () => {
    const broken = makePosition({ underlying: "CRM", symbol: "CRM", instrumentType: "CALL" });
    expect(() => exitOrderFor(broken)).toThrow(ExitOrderError);
  });

  it.each([
    ["zero quantity", { qty: 0 }],
    ["fractional contracts", { qty: 1.5 }],
    ["an already closed row", { status: "closed" as const }],
    ["a short option", { side: "short" as const }],
  ])("refuses %s", (_label, override) => {
    expect(() => exitOrderFor(makePosition(override))).toThrow(ExitOrderError);
  });

  it("sells exactly the held shares of a long stock, with no option intent", () => {
    const order = exitOrderFor(makePosition({ instrumentType: "STOCK", symbol: "F", underlying: "F", qty: 37 }));
    expect(order).toEqual({ symbol: "F", qty: 37, side: "sell", positionIntent: null, instrumentType: "STOCK" });
  });

  it("buys back a short stock", () => {
    const order = exitOrderFor(makePosition({ instrumentType: "STOCK", side: "short", qty: 5 }));
    expect(order).toMatchObject({ side: "buy", qty: 5 });
  });

  it("refuses a stock row that carries an option symbol", () => {
    const mixed = makePosition({ instrumentType: "STOCK", symbol: "SPY260220C00600000" });
    expect(() => exitOrderFor(mixed)).toThrow(ExitOrderError);
  });

  it("retries the close of a position that is still closing", () => {
    const closing = makePosition({ status: "closing" });
    expect(exitOrderFor(closing)).toMatchObject({ symbol: closing.symbol, qty: closing.qty });
  });
});
