import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Sma } from "./sma.js";

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

describe("Sma", () => {
  it("is undefined until `period` values were seen", () => {
    const sma = new Sma(3);
    expect([1, 2].map((x) => sma.update(x))).toEqual([undefined, undefined]);
    expect(sma.update(6)).toBe(3);
    expect(sma.value).toBe(3);
  });

  it("equals the mean of the last `period` values at every step", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 150 }),
        (period, xs) => {
          const sma = new Sma(period);
          xs.forEach((x, i) => {
            const got = sma.update(x);
            if (i + 1 < period) expect(got).toBeUndefined();
            else expect(got).toBeCloseTo(mean(xs.slice(i + 1 - period, i + 1)), 6);
          });
        },
      ),
      { numRuns: 100 },
    );
  });

  it("does not drift over a long stream mixing huge and tiny values", () => {
    const sma = new Sma(10);
    for (let i = 0; i < 200_000; i++) sma.update(i % 2 === 0 ? 1e12 : 1e-3);
    for (let i = 0; i < 10; i++) sma.update(1);
    expect(sma.value).toBe(1);
  });
});
