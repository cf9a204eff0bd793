import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { blackScholes, normCdf, type BsInput } from "../src/market-data/options/bs.js";

describe("normCdf", () => {
  it.each([
    [0, 0.5],
    [1, 0.8413447460685429],
    [-1.96, 0.024997895148220435],
    [3, 0.9986501019683699],
    [-6, 9.865876450376946e-10],
  ])("N(%d) = %d", (x, expected) => {
    expect(normCdf(x)).toBeCloseTo(expected, 13);
  });
});

describe("blackScholes", () => {
  // Hull, Options, Futures and Other Derivatives, Example 15.6: S=42, K=40, r=10 %, σ=20 %, T=0.5.
  const hull: Omit<BsInput, "type"> = { spot: 42, strike: 40, years: 0.5, rate: 0.1, vol: 0.2 };

  it("matches the textbook call and put prices", () => {
    expect(blackScholes({ ...hull, type: "call" }).price).toBeCloseTo(4.7594, 4);
    expect(blackScholes({ ...hull, type: "put" }).price).toBeCloseTo(0.8086, 4);
  });

  it("matches known greeks (Hull Example 19.1: S=49, K=50, r=5 %, σ=20 %, T=0.3846)", () => {
    const g = blackScholes({ type: "call", spot: 49, strike: 50, years: 0.3846, rate: 0.05, vol: 0.2 });
    expect(g.price).toBeCloseTo(2.4, 1);
    expect(g.delta).toBeCloseTo(0.522, 3);
    expect(g.gamma).toBeCloseTo(0.066, 3);
    // Hull quotes theta -4.31 per year, vega 12.1 and rho 8.91 per unit: we report per day and per point.
    expect(g.theta * 365).toBeCloseTo(-4.31, 2);
    expect(g.vega * 100).toBeCloseTo(12.1, 1);
    expect(g.rho * 100).toBeCloseTo(8.91, 2);
  });

  it("satisfies put–call parity C − P = S·e^(−qT) − K·e^(−rT) for any inputs", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1000, noNaN: true }),
        fc.double({ min: 0.5, max: 2, noNaN: true }),
        fc.double({ min: 1 / 365, max: 2, noNaN: true }),
        fc.double({ min: 0, max: 0.1, noNaN: true }),
        fc.double({ min: 0.05, max: 1.5, noNaN: true }),
        fc.double({ min: 0, max: 0.05, noNaN: true }),
        (spot, moneyness, years, rate, vol, q) => {
          const base = { spot, strike: spot * moneyness, years, rate, vol, dividendYield: q };
          const c = blackScholes({ ...base, type: "call" });
          const p = blackScholes({ ...base, type: "put" });
          const forward = spot * Math.exp(-q * years) - base.strike * Math.exp(-rate * years);
          expect(c.price - p.price).toBeCloseTo(forward, 8);
          // Deltas differ by e^(−qT); gammas and vegas agree.
          expect(c.delta - p.delta).toBeCloseTo(Math.exp(-q * years), 10);
          expect(c.gamma).toBeCloseTo(p.gamma, 10);
          expect(c.vega).toBeCloseTo(p.vega, 10);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("reports greeks that agree with finite differences of the price", () => {
    const base: BsInput = { type: "put", spot: 100, strike: 95, years: 30 / 365, rate: 0.03, vol: 0.3 };
    const price = (over: Partial<BsInput>): number => blackScholes({ ...base, ...over }).price;
    const g = blackScholes(base);
    const h = 0.01;
    expect(g.delta).toBeCloseTo((price({ spot: 100 + h }) - price({ spot: 100 - h })) / (2 * h), 5);
    expect(g.gamma).toBeCloseTo((price({ spot: 100 + h }) - 2 * g.price + price({ spot: 100 - h })) / (h * h), 3);
    expect(g.vega).toBeCloseTo((price({ vol: 0.3 + 0.0001 }) - price({ vol: 0.3 - 0.0001 })) / 0.0002 / 100, 6);
    expect(g.rho).toBeCloseTo((price({ rate: 0.03 + 0.0001 }) - price({ rate: 0.03 - 0.0001 })) / 0.0002 / 100, 6);
    const day = 1 / 365;
    expect(g.theta).toBeCloseTo(price({ years: base.years - day }) - g.price, 3);
  });

  it("is worth intrinsic value at expiry", () => {
    expect(blackScholes({ type: "call", spot: 105, strike: 100, years: 0, rate: 0.05, vol: 0.2 })).toMatchObject({ price: 5, delta: 1, gamma: 0 });
    expect(blackScholes({ type: "put", spot: 105, strike: 100, years: 0, rate: 0.05, vol: 0.2 })).toMatchObject({ price: 0, delta: 0 });
  });

  it("rejects non-positive spot or strike", () => {
    expect(() => blackScholes({ type: "call", spot: 0, strike: 100, years: 1, rate: 0, vol: 0.2 })).toThrow(RangeError);
  });
});
