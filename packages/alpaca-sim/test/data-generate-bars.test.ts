import { etDateTime } from "@ops/core";
import { describe, expect, it } from "vitest";
import { generateBars, RTH_MINUTES, sessionVolumeFraction } from "../src/market-data/generate-bars.js";

describe("generateBars", () => {
  const options = { symbols: ["SPY", "BAC"], day: "2013-10-07", seed: 42 };

  it("is deterministic for a seed and differs across seeds", () => {
    const a = generateBars(options);
    const b = generateBars(options);
    expect(b).toEqual(a);
    const c = generateBars({ ...options, seed: 43 });
    expect(c.map((x) => x.close)).not.toEqual(a.map((x) => x.close));
  });

  it("produces 390 regular-hours minute bars per symbol starting 09:30 ET", () => {
    const bars = generateBars(options);
    for (const symbol of options.symbols) {
      const own = bars.filter((b) => b.symbol === symbol);
      expect(own).toHaveLength(RTH_MINUTES);
      expect(own[0]!.ts.getTime()).toBe(etDateTime("2013-10-07", "09:30").getTime());
      expect(own[RTH_MINUTES - 1]!.ts.getTime()).toBe(etDateTime("2013-10-07", "15:59").getTime());
    }
  });

  it("keeps OHLC consistent, prices positive and volumes in round lots", () => {
    for (const b of generateBars({ ...options, seed: "ohlc" })) {
      expect(b.low).toBeGreaterThan(0);
      expect(b.high).toBeGreaterThanOrEqual(Math.max(b.open, b.close));
      expect(b.low).toBeLessThanOrEqual(Math.min(b.open, b.close));
      expect(b.volume % 100).toBe(0);
      expect(b.volume).toBeGreaterThan(0);
    }
  });

  it("starts from a given price and moves like a random walk of about the given volatility", () => {
    const bars = generateBars({ symbols: ["X"], day: "2013-10-07", seed: 1, startPrices: { X: 100 }, annualVol: { X: 0.2 } });
    expect(Math.abs(bars[0]!.open - 100)).toBeLessThan(0.5);
    const returns = bars.slice(1).map((b, i) => Math.log(b.close / bars[i]!.close));
    const sd = Math.sqrt(returns.reduce((s, r) => s + r * r, 0) / returns.length);
    const expected = 0.2 / Math.sqrt(252 * 390);
    expect(sd).toBeGreaterThan(expected * 0.7);
    expect(sd).toBeLessThan(expected * 1.4);
  });

  it("trades more volume in the first and last half hours than at midday (U shape)", () => {
    expect(sessionVolumeFraction(30)).toBeGreaterThan(sessionVolumeFraction(210) - sessionVolumeFraction(180));
    expect(1 - sessionVolumeFraction(360)).toBeGreaterThan(sessionVolumeFraction(210) - sessionVolumeFraction(180));
    expect(sessionVolumeFraction(0)).toBe(0);
    expect(sessionVolumeFraction(390)).toBe(1);
  });
});
