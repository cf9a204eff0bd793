import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatOccSymbol, isOccSymbol, parseOccSymbol } from "./occ-symbol.js";

describe("OCC option symbols", () => {
  it.each([
    ["SPY240801P00548000", { root: "SPY", expiration: "2024-08-01", type: "put", strike: 548 }],
    ["AAPL260220C00197500", { root: "AAPL", expiration: "2026-02-20", type: "call", strike: 197.5 }],
    ["BRKB  260320C00500000", { root: "BRKB", expiration: "2026-03-20", type: "call", strike: 500 }],
  ])("parses %s from the right", (symbol, parts) => {
    expect(parseOccSymbol(symbol)).toEqual(parts);
  });

  it.each(["SPY", "AAPL240801", "SPY241301C00500000", "SPY240801X00500000", "spy240801c00500000"])(
    "does not take %j for an option",
    (symbol) => {
      expect(isOccSymbol(symbol)).toBe(false);
    },
  );

  it("property: format then parse returns the same contract", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("SPY", "QQQ", "AAPL", "TSLA", "GOOGL"),
        fc.date({ min: new Date("2024-01-01T00:00:00Z"), max: new Date("2030-12-31T00:00:00Z"), noInvalidDate: true }),
        fc.constantFrom("call" as const, "put" as const),
        fc.integer({ min: 1, max: 99_999_999 }),
        (root, date, type, milli) => {
          const parts = { root, expiration: date.toISOString().slice(0, 10), type, strike: milli / 1000 };
          expect(parseOccSymbol(formatOccSymbol(parts))).toEqual(parts);
        },
      ),
    );
  });
});
