import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RollingStdev } from "./rolling-stdev.js";

function twoPassStdev(xs: number[], ddof: 0 | 1): number {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - ddof));
}

describe("RollingStdev", () => {
  it("reports once minSamples values are in, then covers at most `window` values", () => {
    const s = new RollingStdev(4, { minSamples: 2 });
    expect(s.update(1)).toBeUndefined();
    expect(s.update(3)).toBeCloseTo(twoPassStdev([1, 3], 1), 12);
    [5, 7, 100].forEach((x) => s.update(x));
    expect(s.value).toBeCloseTo(twoPassStdev([3, 5, 7, 100], 1), 12);
  });

  it("defaults to the sample standard deviation over a full window", () => {
    const s = new RollingStdev(3);
    expect(s.update(2)).toBeUndefined();
    expect(s.update(4)).toBeUndefined();
    expect(s.update(6)).toBe(2);
  });

  it("supports the population standard deviation", () => {
    const s = new RollingStdev(2, { ddof: 0 });
    s.update(1);
    expect(s.update(3)).toBe(1);
  });

  it("matches a two-pass computation at every step, for both ddof choices", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 40 }),
        fc.constantFrom<0 | 1>(0, 1),
        fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 2, maxLength: 150 }),
        (window, ddof, xs) => {
          const s = new RollingStdev(window, { ddof, minSamples: 2 });
          xs.forEach((x, i) => {
            const got = s.update(x);
            if (i === 0) return;
            const ref = twoPassStdev(xs.slice(Math.max(0, i + 1 - window), i + 1), ddof);
            expect(Math.abs((got ?? NaN) - ref)).toBeLessThanOrEqual(1e-9 * Math.max(1, ref));
          });
        },
      ),
      { numRuns: 100 },
    );
  });

  it("keeps full precision on tiny variations around a large level, where E[x²]−E[x]² fails", () => {
    const s = new RollingStdev(20, { ddof: 0 });
    const xs = Array.from({ length: 1000 }, (_, i) => 1e8 + Math.sin(i) * 1e-3);
    xs.forEach((x) => s.update(x));
    const ref = twoPassStdev(xs.slice(-20), 0);
    expect(Math.abs((s.value ?? NaN) - ref) / ref).toBeLessThan(1e-6);
  });

  it("reports zero, not NaN, for a constant series", () => {
    const s = new RollingStdev(5);
    for (let i = 0; i < 12; i++) s.update(42.1);
    expect(s.value).toBe(0);
  });

  it("rejects a minSamples larger than the window", () => {
    expect(() => new RollingStdev(3, { minSamples: 4 })).toThrow(RangeError);
  });
});
