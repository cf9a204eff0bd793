import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sizeStockOrder } from "./size-stock-order.js";

const base = { equity: 1_000, buyingPower: 1_000, entry: 50, stop: 49, riskPct: 0.1, maxNotional: 1_500 } as const;

describe("sizeStockOrder", () => {
  it("sizes so the stop loses the risk budget", () => {
    // $1,000 × 10 % = $100 at risk with $1 to the stop → 100 shares (notional and buying power ample).
    const sized = sizeStockOrder({ ...base, maxNotional: 100_000, buyingPower: 100_000 });
    expect(sized).toMatchObject({ ok: true, shares: 100, riskUsd: 100 });
  });

  it.each([
    ["the exposure left", { maxNotional: 500 }, 10],
    ["the buying power", { buyingPower: 260 }, 5],
  ])("never exceeds %s", (_label, override, shares) => {
    expect(sizeStockOrder({ ...base, ...override })).toMatchObject({ ok: true, shares });
  });

  it("works for a short-side stop above entry", () => {
    const sized = sizeStockOrder({ ...base, stop: 52, maxNotional: 100_000, buyingPower: 100_000 });
    expect(sized).toMatchObject({ ok: true, shares: 50 });
  });

  it.each([
    ["a stop equal to entry", { stop: 50 }, "INVALID_STOP"],
    ["a stop more than 50 % away (the seed bought 1 share)", { stop: 20 }, "INVALID_STOP"],
    ["a zero entry", { entry: 0 }, "INVALID_PRICE"],
    ["a share price above buying power", { entry: 622, stop: 610, buyingPower: 122 }, "NO_BUYING_POWER"],
    ["no exposure left", { maxNotional: 0 }, "EXPOSURE_LIMIT_REACHED"],
    ["a zero risk percent", { riskPct: 0 }, "INVALID_RISK_PCT"],
  ])("skips with a reason on %s", (_label, override, code) => {
    expect(sizeStockOrder({ ...base, ...override })).toMatchObject({ ok: false, shares: 0, code });
  });

  it("property: shares never exceed notional, buying power or the risk budget", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 100, max: 200_000, noNaN: true }),
        fc.double({ min: 0, max: 400_000, noNaN: true }),
        fc.double({ min: 0.5, max: 1_000, noNaN: true }),
        fc.double({ min: 0.001, max: 0.6, noNaN: true }),
        fc.boolean(),
        fc.double({ min: 0.001, max: 0.2, noNaN: true }),
        fc.double({ min: 0, max: 50_000, noNaN: true }),
        (equity, buyingPower, entry, stopPct, below, riskPct, maxNotional) => {
          const stop = below ? entry * (1 - stopPct) : entry * (1 + stopPct);
          const sized = sizeStockOrder({ equity, buyingPower, entry, stop, riskPct, maxNotional });
          expect(Number.isInteger(sized.shares) && sized.shares >= 0).toBe(true);
          expect(sized.shares * entry).toBeLessThanOrEqual(maxNotional + 1e-6);
          expect(sized.shares * entry).toBeLessThanOrEqual(buyingPower + 1e-6);
          expect(sized.shares * Math.abs(entry - stop)).toBeLessThanOrEqual(equity * riskPct + 1e-6);
        },
      ),
    );
  });
});
