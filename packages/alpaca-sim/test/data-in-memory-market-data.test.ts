import type { Bar } from "@ops/trading";
import { describe, expect, it } from "vitest";
import { InMemoryMarketData } from "../src/market-data/in-memory-market-data.js";

const T0 = Date.parse("2013-10-04T13:30:00Z");
const MIN = 60_000;

function bar(symbol: string, minute: number, close = 100 + minute): Bar {
  return { symbol, ts: new Date(T0 + minute * MIN), open: close, high: close + 1, low: close - 1, close, volume: 100 };
}

describe("InMemoryMarketData", () => {
  // Out of order, with a gap at minute 3 and a duplicate of minute 1.
  const md = new InMemoryMarketData([bar("SPY", 2), bar("SPY", 0), bar("SPY", 1), bar("SPY", 1, 999), bar("SPY", 4), bar("IBM", 0)]);

  it("lists symbols and the ET trading days that have bars", () => {
    expect(md.symbols()).toEqual(["IBM", "SPY"]);
    expect(md.tradingDays()).toEqual(["2013-10-04"]);
  });

  it("returns bars in [from, to) ascending, keeping the first of duplicate timestamps", () => {
    const got = md.bars("SPY", new Date(T0 + MIN), new Date(T0 + 4 * MIN));
    expect(got.map((b) => b.close)).toEqual([101, 102]);
    expect(md.bars("SPY", new Date(T0), new Date(T0 + 10 * MIN))).toHaveLength(4);
    expect(md.bars("QQQ", new Date(T0), new Date(T0 + 10 * MIN))).toEqual([]);
  });

  it("finds the next bar at or after a time (the fill bar for market orders)", () => {
    expect(md.nextBarAtOrAfter("SPY", new Date(T0 + 2 * MIN))?.close).toBe(102);
    expect(md.nextBarAtOrAfter("SPY", new Date(T0 + 2 * MIN + 1))?.close).toBe(104);
    expect(md.nextBarAtOrAfter("SPY", new Date(T0 + 5 * MIN))).toBeUndefined();
  });

  it("returns only bars complete at t (ts + 60 s <= t) as the last bar", () => {
    expect(md.lastBarBefore("SPY", new Date(T0 + MIN - 1))).toBeUndefined();
    expect(md.lastBarBefore("SPY", new Date(T0 + MIN))?.close).toBe(100);
    expect(md.lastBarBefore("SPY", new Date(T0 + 3 * MIN - 1))?.close).toBe(101);
    expect(md.lastBarBefore("SPY", new Date(T0 + 3 * MIN))?.close).toBe(102);
    // Minute 3 has no bar: the minute-2 bar stays the latest until minute 4 completes.
    expect(md.lastBarBefore("SPY", new Date(T0 + 5 * MIN - 1))?.close).toBe(102);
    expect(md.lastBarBefore("SPY", new Date(T0 + 5 * MIN))?.close).toBe(104);
  });

  it("answers a lookup over a full year of minutes quickly (binary search)", () => {
    const many: Bar[] = [];
    for (let i = 0; i < 100_000; i += 1) many.push(bar("SPY", i));
    const big = new InMemoryMarketData(many);
    const started = performance.now();
    for (let i = 0; i < 100_000; i += 1) big.lastBarBefore("SPY", new Date(T0 + ((i * 7919) % 100_000) * MIN));
    expect(performance.now() - started).toBeLessThan(500);
    expect(big.lastBarBefore("SPY", new Date(T0 + 50_000 * MIN))?.close).toBe(100 + 49_999);
  });
});
