import { describe, expect, it } from "vitest";
import { FIXED_NOW, minutesAfter } from "../testing/fixed-times.js";
import { classifyVolatility, volatilityBarsNeeded, volatilityReadingFromBars } from "./volatility-regime.js";
import type { VolatilityBar, VolatilityReaderSettings } from "./volatility-regime.js";

const SEED_LEVELS = { complacentBelow: 15, normalBelow: 20, elevatedBelow: 30, highBelow: 40 };
const settings = (over: Partial<VolatilityReaderSettings> = {}): VolatilityReaderSettings => ({
  levels: SEED_LEVELS,
  maxAgeSeconds: 180,
  realizedWindow: 4,
  ...over,
});

/** Bars one minute apart ending `endMinutesBeforeNow` before FIXED_NOW, oldest first. */
function minuteBars(closes: readonly number[], endMinutesBeforeNow = 1): VolatilityBar[] {
  return closes.map((close, i) => ({ ts: minutesAfter(FIXED_NOW, -endMinutesBeforeNow - (closes.length - 1 - i)), close }));
}

/** 100, 100·e^a, 100, … : log returns +a, −a, +a, … */
function alternating(a: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => (i % 2 === 0 ? 100 : 100 * Math.exp(a)));
}

// √(252 × 390) = √98280, written out so the test does not share the implementation's constant.
const ANNUALISE = Math.sqrt(98_280);

describe("classifyVolatility (seed VIX levels 15/20/30/40)", () => {
  it.each([
    [0, "complacent"],
    [14.99, "complacent"],
    [15, "normal"],
    [19.99, "normal"],
    [20, "elevated"],
    [30, "high"],
    [39.99, "high"],
    [40, "extreme"],
    [85, "extreme"],
  ] as const)("%d → %s", (level, regime) => {
    expect(classifyVolatility(level, SEED_LEVELS)).toBe(regime);
  });
});

describe("volatilityReadingFromBars — close", () => {
  const vixy = { kind: "close", symbol: "VIXY" } as const;

  it.each([
    [12.5, "complacent"],
    [22, "elevated"],
    [41, "extreme"],
  ] as const)("newest close %d → %s", (close, regime) => {
    const bars = minuteBars([18, 19, close]);
    expect(volatilityReadingFromBars(vixy, bars, FIXED_NOW, settings())).toEqual({
      regime,
      level: close,
      source: "close:VIXY",
      asOf: minutesAfter(FIXED_NOW, -1),
    });
  });

  it("sorts unsorted input and reads the newest bar", () => {
    const bars = minuteBars([18, 19, 45]).reverse();
    expect(volatilityReadingFromBars(vixy, bars, FIXED_NOW, settings())?.level).toBe(45);
  });

  it("keeps the later of two bars with the same timestamp (the correction)", () => {
    const ts = minutesAfter(FIXED_NOW, -1);
    const reading = volatilityReadingFromBars(vixy, [{ ts, close: 50 }, { ts, close: 16 }], FIXED_NOW, settings());
    expect(reading).toMatchObject({ level: 16, regime: "normal" });
  });

  it("ignores bars after now (a replay running ahead)", () => {
    const bars = [...minuteBars([17]), { ts: minutesAfter(FIXED_NOW, 1), close: 99 }];
    expect(volatilityReadingFromBars(vixy, bars, FIXED_NOW, settings())).toMatchObject({ level: 17, regime: "normal" });
  });

  it("ignores bars with a non-finite or non-positive close and falls back to the newest good bar", () => {
    const bars = [...minuteBars([17], 2), { ts: minutesAfter(FIXED_NOW, -1), close: Number.NaN }, { ts: FIXED_NOW, close: 0 }];
    const reading = volatilityReadingFromBars(vixy, bars, FIXED_NOW, settings());
    expect(reading).toMatchObject({ level: 17, asOf: minutesAfter(FIXED_NOW, -2) });
  });

  it.each([
    ["exactly max age old", 3, true],
    ["one minute past max age", 4, false],
  ] as const)("staleness: newest bar %s → reading %s", (_label, minutesOld, expectReading) => {
    const reading = volatilityReadingFromBars(vixy, minuteBars([17], minutesOld), FIXED_NOW, settings({ maxAgeSeconds: 180 }));
    expect(reading !== null).toBe(expectReading);
  });

  it("no bars → null", () => {
    expect(volatilityReadingFromBars(vixy, [], FIXED_NOW, settings())).toBeNull();
  });
});

describe("volatilityReadingFromBars — realized", () => {
  const spy = { kind: "realized", symbol: "SPY" } as const;

  it("a constant-return series has stdev 0: level 0, complacent", () => {
    const closes = [100, 101, 102.01, 103.0301, 104.060401];
    const reading = volatilityReadingFromBars(spy, minuteBars(closes), FIXED_NOW, settings());
    expect(reading?.regime).toBe("complacent");
    expect(reading?.level).toBeCloseTo(0, 9);
    expect(reading?.source).toBe("realized:SPY");
  });

  // Returns ±a around mean 0 over an even window n: sample variance = n·a²/(n−1).
  it.each([
    [0.001, 4, 36.1994, "high"],
    [0.002, 60, 63.2284, "extreme"],
    [0.0003, 10, 9.9137, "complacent"],
  ] as const)("alternating ±%d over %d returns → %d (%s)", (a, n, expectedLevel, regime) => {
    const byHand = a * Math.sqrt(n / (n - 1)) * ANNUALISE * 100;
    expect(byHand).toBeCloseTo(expectedLevel, 3);
    const reading = volatilityReadingFromBars(spy, minuteBars(alternating(a, n + 1)), FIXED_NOW, settings({ realizedWindow: n }));
    expect(reading?.level).toBeCloseTo(expectedLevel, 3);
    expect(reading?.regime).toBe(regime);
  });

  it("uses only the newest window: a calm older stretch does not dilute a wild recent one", () => {
    const calm = Array.from({ length: 10 }, () => 100);
    const wild = alternating(0.001, 5).slice(1);
    const reading = volatilityReadingFromBars(spy, minuteBars([...calm, ...wild]), FIXED_NOW, settings({ realizedWindow: 4 }));
    // The newest 4 returns are ±a (the oldest of them from the last calm bar); the zero returns are older.
    expect(reading?.level).toBeCloseTo(0.001 * Math.sqrt(4 / 3) * ANNUALISE * 100, 3);
  });

  it("too few bars → null", () => {
    expect(volatilityReadingFromBars(spy, minuteBars(alternating(0.001, 4)), FIXED_NOW, settings({ realizedWindow: 4 }))).toBeNull();
  });

  it("a return across a gap is not a 1-minute return: it is skipped, leaving too few", () => {
    const bars = minuteBars(alternating(0.001, 5));
    const withGap = [{ ...bars[0]!, ts: minutesAfter(bars[0]!.ts, -5) }, ...bars.slice(1)];
    expect(volatilityReadingFromBars(spy, withGap, FIXED_NOW, settings({ realizedWindow: 4 }))).toBeNull();
  });

  it("returns on both sides of a gap still count when enough remain", () => {
    const older = minuteBars(alternating(0.001, 3), 20);
    const newer = minuteBars(alternating(0.001, 3), 1);
    const reading = volatilityReadingFromBars(spy, [...older, ...newer], FIXED_NOW, settings({ realizedWindow: 4 }));
    expect(reading?.level).toBeCloseTo(0.001 * Math.sqrt(4 / 3) * ANNUALISE * 100, 3);
  });

  it("future bars are ignored, not counted in the window", () => {
    const bars = [...minuteBars(alternating(0.001, 5)), { ts: FIXED_NOW, close: 100 }, { ts: minutesAfter(FIXED_NOW, 1), close: 500 }];
    const atNowMinusOne = volatilityReadingFromBars(spy, bars, minutesAfter(FIXED_NOW, -0.5), settings({ realizedWindow: 4 }));
    expect(atNowMinusOne?.level).toBeCloseTo(36.1994, 3);
    expect(atNowMinusOne?.asOf).toEqual(minutesAfter(FIXED_NOW, -1));
  });

  it("stale newest bar → null even with a full window", () => {
    const bars = minuteBars(alternating(0.001, 5), 10);
    expect(volatilityReadingFromBars(spy, bars, FIXED_NOW, settings({ maxAgeSeconds: 300 }))).toBeNull();
  });
});

describe("volatilityBarsNeeded", () => {
  it.each([
    [{ kind: "none" } as const, 0],
    [{ kind: "close", symbol: "VIXY" } as const, 1],
    [{ kind: "realized", symbol: "SPY" } as const, 121],
  ])("%o → %d with a 60-return window", (source, needed) => {
    expect(volatilityBarsNeeded(source, settings({ realizedWindow: 60 }))).toBe(needed);
  });
});
