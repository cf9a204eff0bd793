import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { scoreComponents, scoreWatchlist, type WatchlistInput } from "./score-watchlist.js";
import { DEFAULT_WATCHLIST_CONFIG } from "./watchlist-config.js";

function input(partial: {
  symbol?: string;
  distance?: number | null;
  volRatio?: number | null;
  trend?: number | null;
  count?: number;
  avg?: number;
  ageS?: number | null;
}): WatchlistInput {
  return {
    symbol: partial.symbol ?? "AAA",
    features: {
      distance_sma20: partial.distance === undefined ? 0 : partial.distance,
      vol_ratio: partial.volRatio === undefined ? 1 : partial.volRatio,
      trend_state: partial.trend === undefined ? 0 : partial.trend,
    },
    news: { count: partial.count ?? 0, avgSignedScore: partial.avg ?? 0, newestAgeS: partial.ageS ?? null },
  };
}

describe("scoreComponents (seed §3.5 formulas)", () => {
  it("weighs news strength, count and recency into sentiment pressure", () => {
    // 0.50·|avg| + 0.30·min(count/5, 1) + 0.20·(1 − age/3600)
    const c = scoreComponents(input({ count: 2, avg: 0.6, ageS: 900 }));
    expect(c.sentimentPressure).toBeCloseTo(0.5 * 0.6 + 0.3 * (2 / 5) + 0.2 * (1 - 900 / 3600), 12);
  });

  it("gives bearish news the same pressure as equally strong bullish news", () => {
    const bull = scoreComponents(input({ count: 3, avg: 0.7, ageS: 60 }));
    const bear = scoreComponents(input({ count: 3, avg: -0.7, ageS: 60 }));
    expect(bear.sentimentPressure).toBe(bull.sentimentPressure);
  });

  it("treats no news as an hour old: no pressure at all", () => {
    expect(scoreComponents(input({ count: 0, avg: 0.9, ageS: 10 })).sentimentPressure).toBe(0);
  });

  it.each([
    [0, 1],
    [0.005, 0.5],
    [-0.0075, 0.25],
    [0.01, 0],
    [0.05, 0],
    [null, 0],
  ])("scores setup quality 1 − |distance|/1%% (distance %s → %f)", (distance, expected) => {
    expect(scoreComponents(input({ distance })).setupQuality).toBeCloseTo(expected, 12);
  });

  it.each([
    [0.5, 0],
    [0.7, 0],
    [1.1, 0.5],
    [1.5, 1],
    [3, 1],
    [null, (1 - 0.7) / 0.8],
  ])("maps vol_ratio %s linearly from 0.7 to 1.5 (→ %f), defaulting to 1.0", (volRatio, expected) => {
    expect(scoreComponents(input({ volRatio })).volScore).toBeCloseTo(expected, 12);
  });

  it.each([
    ["bullish news in an uptrend", 0.4, 1, 1, 1],
    ["bearish news in a downtrend", -0.4, -1, -1, 1],
    ["bearish news in an uptrend", -0.4, 1, -1, 0],
    ["bullish news in a downtrend", 0.4, -1, 1, 0],
    ["weak news (|avg| ≤ 0.05) in an uptrend", 0.05, 1, 0, 0.5],
    ["bearish news without a trend", -0.4, 0, -1, 0.5],
  ])("reads signed sentiment: %s", (_name, avg, trend, direction, alignment) => {
    const c = scoreComponents(input({ count: 3, avg, trend, ageS: 60 }));
    expect(c.sentimentDirection).toBe(direction);
    expect(c.trendAlignment).toBe(alignment);
  });
});

describe("scoreWatchlist", () => {
  it("combines the components with weights 0.35/0.25/0.20/0.20", () => {
    const [s] = scoreWatchlist([input({ count: 4, avg: -0.8, ageS: 300, trend: -1, distance: -0.002, volRatio: 1.2 })]);
    const c = s?.components;
    expect(c).toBeDefined();
    if (!s || !c) return;
    expect(s.score).toBeCloseTo(0.35 * c.sentimentPressure + 0.25 * c.setupQuality + 0.2 * c.volScore + 0.2 * c.trendAlignment, 12);
  });

  it("ranks best first, breaking ties by symbol, and numbers ranks from 1", () => {
    const ranked = scoreWatchlist([
      input({ symbol: "ZZZ", distance: 0.02 }),
      input({ symbol: "BBB", distance: 0 }),
      input({ symbol: "AAA", distance: 0 }),
    ]);
    expect(ranked.map((r) => [r.symbol, r.rank])).toEqual([
      ["AAA", 1],
      ["BBB", 2],
      ["ZZZ", 3],
    ]);
  });

  it("ranks a symbol with strong bearish news in a downtrend above one with the same news in an uptrend", () => {
    const ranked = scoreWatchlist([
      input({ symbol: "UP", count: 5, avg: -0.9, ageS: 60, trend: 1 }),
      input({ symbol: "DOWN", count: 5, avg: -0.9, ageS: 60, trend: -1 }),
    ]);
    expect(ranked[0]?.symbol).toBe("DOWN");
  });

  it("keeps every score and component in [0, 1] whatever the inputs", () => {
    const anyNum = fc.oneof(fc.double(), fc.constant(null));
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            distance: anyNum,
            volRatio: anyNum,
            trend: anyNum,
            count: fc.double(),
            avg: fc.double(),
            ageS: anyNum,
          }),
          { minLength: 1, maxLength: 20 },
        ),
        (rows) => {
          for (const s of scoreWatchlist(rows.map((r, i) => input({ ...r, symbol: `S${i}` })), DEFAULT_WATCHLIST_CONFIG)) {
            const { sentimentDirection, ...parts } = s.components;
            for (const v of [s.score, ...Object.values(parts)]) {
              expect(v).toBeGreaterThanOrEqual(0);
              expect(v).toBeLessThanOrEqual(1);
            }
            expect([-1, 0, 1]).toContain(sentimentDirection);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
