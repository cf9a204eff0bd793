import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { blackScholes, normalCdf } from "./black-scholes.js";

describe("blackScholes", () => {
  it("matches the textbook example (Hull: S=42, K=40, r=10 %, σ=20 %, T=0.5 → call 4.76, put 0.81)", () => {
    const base = { spot: 42, strike: 40, years: 0.5, iv: 0.2, rate: 0.1 } as const;
    expect(blackScholes({ ...base, type: "call" }).price).toBeCloseTo(4.76, 2);
    expect(blackScholes({ ...base, type: "put" }).price).toBeCloseTo(0.81, 2);
  });

  it("normal CDF is symmetric and hits known quantiles", () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1.959964)).toBeCloseTo(0.025, 6);
  });

  it("property: put-call parity, delta bounds and call delta − put delta = 1", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 5, max: 1000, noNaN: true }), fc.double({ min: 0.5, max: 1.5, noNaN: true }),
        fc.double({ min: 1 / 365, max: 2, noNaN: true }), fc.double({ min: 0.05, max: 2, noNaN: true }), fc.double({ min: 0, max: 0.08, noNaN: true }),
        (spot, moneyness, years, iv, rate) => {
          const strike = spot * moneyness;
          const call = blackScholes({ type: "call", spot, strike, years, iv, rate });
          const put = blackScholes({ type: "put", spot, strike, years, iv, rate });
          expect(call.price - put.price).toBeCloseTo(spot - strike * Math.exp(-rate * years), 4);
          expect(call.delta).toBeGreaterThanOrEqual(0);
          expect(call.delta).toBeLessThanOrEqual(1);
          expect(call.delta - put.delta).toBeCloseTo(1, 9);
          expect(call.gamma).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });

  it("refuses inputs it cannot price", () => {
    expect(() => blackScholes({ type: "call", spot: 100, strike: 100, years: 0, iv: 0.2 })).toThrow(RangeError);
    expect(() => blackScholes({ type: "call", spot: 100, strike: 100, years: 0.1, iv: 0 })).toThrow(RangeError);
  });
});
