import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SessionVwap, type VwapInput } from "./session-vwap.js";

const bar = (close: number, volume: number, session = 1, spread = 0.2): VwapInput => ({
  high: close + spread,
  low: close - spread,
  close,
  volume,
  session,
});

describe("SessionVwap", () => {
  it("weighs each bar's typical price (high + low + close) / 3 by its volume", () => {
    const v = new SessionVwap();
    v.update({ high: 11, low: 9, close: 10, volume: 100, session: 1 });
    const got = v.update({ high: 22, low: 19, close: 22, volume: 300, session: 1 });
    expect(got).toBeCloseTo((10 * 100 + 21 * 300) / 400, 12);
  });

  it("restarts when the session changes: yesterday's volume never weighs on today", () => {
    const v = new SessionVwap();
    [bar(50, 1e6, 1), bar(51, 1e6, 1)].forEach((b) => v.update(b));
    expect(v.update(bar(60, 10, 2))).toBeCloseTo(60, 12);
    expect(v.sessionBars).toBe(1);
  });

  it("is undefined until the session trades, and a zero-volume bar leaves it unchanged", () => {
    const v = new SessionVwap();
    expect(v.update(bar(10, 0))).toBeUndefined();
    expect(v.ready).toBe(false);
    const first = v.update(bar(12, 5));
    expect(v.update(bar(99, 0))).toBe(first);
  });

  it("equals the two-pass volume-weighted mean of the session at every bar", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ close: fc.double({ min: 1, max: 1000, noNaN: true }), volume: fc.integer({ min: 1, max: 1e7 }) }), { minLength: 1, maxLength: 100 }),
        (rows) => {
          const v = new SessionVwap();
          rows.forEach((r, i) => {
            const got = v.update(bar(r.close, r.volume, 7, r.close * 0.001)) as number;
            const seen = rows.slice(0, i + 1);
            const ref = seen.reduce((a, s) => a + s.close * s.volume, 0) / seen.reduce((a, s) => a + s.volume, 0);
            // Typical price equals close here because high and low are symmetric around it.
            expect(Math.abs(got - ref) / ref).toBeLessThan(1e-12);
          });
        },
      ),
      { numRuns: 50 },
    );
  });
});
