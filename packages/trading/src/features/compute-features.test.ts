import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Bar } from "../domain/bar.js";
import { etSessionDay } from "../indicators/et-session-day.js";
import { computeFeatures } from "./compute-features.js";
import { FeatureState } from "./feature-state.js";
import { isFeatureSkip, type FeatureResult, type Features } from "./features.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const dataDir = path.resolve(repoRoot, "..", "shared", "data");

/** Real AAPL 1-minute RTH bars, 2021-08-23..25 (lumibot fixture, SOURCES.md §1b). */
function loadAaplMinutes(): Bar[] {
  const text = readFileSync(path.join(dataDir, "bars/intraday_1min/lumibot/AAPL_Minute.csv"), "utf8");
  return text
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => {
      const [dt, o, h, l, c, v] = line.split(",");
      return {
        symbol: "AAPL",
        ts: new Date((dt ?? "").replace(" ", "T")),
        open: Number(o),
        high: Number(h),
        low: Number(l),
        close: Number(c),
        volume: Number(v),
      };
    });
}

const T0 = Date.parse("2024-03-04T14:30:00Z");

/** Synthetic minute bars from a close path; high/low bracket open and close. */
function makeBars(closes: readonly number[], opts: { symbol?: string; startMs?: number; volume?: (i: number) => number } = {}): Bar[] {
  return closes.map((close, i) => {
    const open = i === 0 ? close : (closes[i - 1] as number);
    return {
      symbol: opts.symbol ?? "TEST",
      ts: new Date((opts.startMs ?? T0) + i * 60_000),
      open,
      high: Math.max(open, close) * 1.001,
      low: Math.min(open, close) * 0.999,
      close,
      volume: opts.volume ? opts.volume(i) : 1000 + (i % 7) * 100,
    };
  });
}

const wave = (n: number, drift = 0.02): number[] =>
  Array.from({ length: n }, (_, i) => 100 + Math.sin(i / 5) * 2 + i * drift);

/** `now` one minute after the newest bar, the normal situation for a fresh feed. */
const justAfter = (bars: readonly Bar[]): Date => new Date((bars[bars.length - 1] as Bar).ts.getTime() + 60_000);

function expectFeatures(result: FeatureResult): Features {
  if (isFeatureSkip(result)) throw new Error(`expected features, got skip ${result.skip}: ${result.detail}`);
  return result;
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
function pandasPctChangeStd(closes: number[]): number {
  const r = closes.slice(1).map((c, i) => c / (closes[i] as number) - 1);
  return sampleStd(r);
}
function sampleStd(r: number[]): number {
  const m = mean(r);
  return Math.sqrt(r.reduce((a, b) => a + (b - m) ** 2, 0) / (r.length - 1));
}
/** One-minute returns that do not span a session boundary (the documented gap rule). */
function intraSessionReturns(bars: readonly Bar[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < bars.length; i++) {
    const [a, b] = [bars[i - 1] as Bar, bars[i] as Bar];
    if (etSessionDay(a.ts.getTime()) === etSessionDay(b.ts.getTime())) out.push(b.close / a.close - 1);
  }
  return out;
}
/** Session VWAP of the last bar's session, two-pass. */
function sessionVwap(bars: readonly Bar[]): number {
  const day = etSessionDay((bars.at(-1) as Bar).ts.getTime());
  const session = bars.filter((b) => etSessionDay(b.ts.getTime()) === day);
  return session.reduce((a, b) => a + ((b.high + b.low + b.close) / 3) * b.volume, 0) / session.reduce((a, b) => a + b.volume, 0);
}

describe("computeFeatures on real AAPL minute bars", () => {
  const bars = loadAaplMinutes();
  const now = justAfter(bars);
  const f = expectFeatures(computeFeatures(bars, { now }));
  const closes = bars.map((b) => b.close);
  const volumes = bars.map((b) => b.volume);

  it("stamps the features with the newest bar's time, not the computation time", () => {
    expect(f.ts.getTime()).toBe((bars.at(-1) as Bar).ts.getTime());
    expect(f.symbol).toBe("AAPL");
    expect(f.close).toBe(closes.at(-1));
    expect(f.bars_used).toBe(bars.length);
  });

  it("computes the seed's SMA, volatility and volume fields", () => {
    expect(f.sma20).toBeCloseTo(mean(closes.slice(-20)), 9);
    expect(f.sma50).toBeCloseTo(mean(closes.slice(-50)), 9);
    // The last 30 closes are all in the last session, so recent_vol is exactly the seed's.
    expect(f.recent_vol).toBeCloseTo(pandasPctChangeStd(closes.slice(-30)), 12);
    // The baseline spans the overnight gap: its 389 one-minute changes leave the overnight move out.
    const returns = intraSessionReturns(bars);
    expect(f.baseline_vol).toBeCloseTo(sampleStd(returns.slice(-389)), 12);
    expect(f.baseline_vol).not.toBeCloseTo(pandasPctChangeStd(closes.slice(-390)), 8);
    expect(f.vol_ratio).toBeCloseTo(f.recent_vol / f.baseline_vol, 12);
    expect(f.distance_sma20).toBeCloseTo((f.close - f.sma20) / f.sma20, 12);
    expect(f.distance_sma50).toBeCloseTo((f.close - f.sma50) / f.sma50, 12);
    expect(f.trend_state).toBe(Math.sign(f.sma20 - f.sma50));
    expect(f.volume_current).toBe(volumes.at(-1));
    expect(f.volume_avg_20).toBeCloseTo(mean(volumes.slice(-20)), 6);
    expect(f.volume_ratio).toBeCloseTo(f.volume_current / f.volume_avg_20, 12);
    expect(f.volume_surge).toBe(f.volume_ratio > 2);
  });

  it("adds sane RSI, MACD, Bollinger and ATR values", () => {
    expect(f.rsi14).toBeGreaterThanOrEqual(0);
    expect(f.rsi14).toBeLessThanOrEqual(100);
    expect(f.macd_hist).toBeCloseTo(f.macd - f.macd_signal, 12);
    expect(f.bb_middle).toBeCloseTo(f.sma20, 9);
    expect(f.bb_upper).toBeGreaterThan(f.bb_middle);
    expect(f.bb_lower).toBeLessThan(f.bb_middle);
    expect(f.atr14).toBeGreaterThan(0);
  });

  it("adds Bollinger %b and bandwidth from the bands, and the session's VWAP", () => {
    expect(f.bb_percent_b).toBeCloseTo((f.close - f.bb_lower) / (f.bb_upper - f.bb_lower), 12);
    expect(f.bb_bandwidth).toBeCloseTo((f.bb_upper - f.bb_lower) / f.bb_middle, 12);
    expect(f.vwap).toBeCloseTo(sessionVwap(bars), 9);
  });

  it("gives exactly the streaming state's result at every point of the series", () => {
    const state = new FeatureState("AAPL");
    const streamed = bars.map((b) => state.update(b));
    for (const k of [49, 50, 200, 389, 390, 391, 800, bars.length - 1]) {
      const prefix = bars.slice(0, k + 1);
      expect(computeFeatures(prefix, { now: justAfter(prefix) })).toEqual(streamed[k]);
    }
  });
});

describe("computeFeatures warm-up and freshness", () => {
  it("skips with INSUFFICIENT_BARS below 50 bars and computes at exactly 50", () => {
    const bars = makeBars(wave(50));
    const short = computeFeatures(bars.slice(0, 49), { now: justAfter(bars) });
    expect(isFeatureSkip(short) && short.skip).toBe("INSUFFICIENT_BARS");
    expectFeatures(computeFeatures(bars, { now: justAfter(bars) }));
  });

  it("skips an empty input instead of throwing", () => {
    const r = computeFeatures([], { now: new Date(T0) });
    expect(isFeatureSkip(r) && r.skip).toBe("INSUFFICIENT_BARS");
  });

  it("refuses to compute features from 3-day-old bars (seed failure 18)", () => {
    const bars = makeBars(wave(200));
    const threeDaysLater = new Date((bars.at(-1) as Bar).ts.getTime() + 3 * 24 * 3600_000);
    const r = computeFeatures(bars, { now: threeDaysLater });
    expect(isFeatureSkip(r) && r.skip).toBe("STALE_BARS");
  });

  it.each([
    [299_000, false],
    [300_000, false],
    [301_000, true],
  ])("with the newest bar %i ms old, stale = %s (limit 5 minutes)", (ageMs, stale) => {
    const bars = makeBars(wave(60));
    const now = new Date((bars.at(-1) as Bar).ts.getTime() + ageMs);
    const r = computeFeatures(bars, { now });
    expect(isFeatureSkip(r) && r.skip === "STALE_BARS").toBe(stale);
  });

  it("does not use history older than maxHistoryAgeMs, even to reach 50 bars", () => {
    const old = makeBars(wave(100), { startMs: T0 - 10 * 24 * 3600_000 });
    const recent = makeBars(wave(10), { startMs: T0 });
    const r = computeFeatures([...old, ...recent], { now: justAfter(recent) });
    expect(isFeatureSkip(r) && r.skip).toBe("INSUFFICIENT_BARS");
  });

  it("uses older-but-allowed history, e.g. the previous session before the open", () => {
    const yesterday = makeBars(wave(100), { startMs: T0 - 24 * 3600_000 });
    const today = makeBars(wave(5), { startMs: T0 });
    const f = expectFeatures(computeFeatures([...yesterday, ...today], { now: justAfter(today) }));
    expect(f.bars_used).toBe(105);
  });
});

describe("computeFeatures on malformed input", () => {
  const good = makeBars(wave(80));
  const now = justAfter(good);
  const withNewest = (patch: Partial<Bar>): Bar[] => [...good.slice(0, -1), { ...(good.at(-1) as Bar), ...patch }];

  it.each<[string, Partial<Bar>]>([
    ["a NaN close", { close: Number.NaN }],
    ["an infinite high", { high: Number.POSITIVE_INFINITY }],
    ["high below low", { high: 90, low: 110 }],
    ["a zero low", { low: 0 }],
    ["a negative open", { open: -1 }],
    ["a negative volume", { volume: -5 }],
    ["a NaN volume", { volume: Number.NaN }],
    ["a close outside the bar's range", { close: 1e6 }],
  ])("skips with MALFORMED_BAR when the newest bar has %s", (_name, patch) => {
    const r = computeFeatures(withNewest(patch), { now });
    expect(isFeatureSkip(r) && r.skip).toBe("MALFORMED_BAR");
  });

  it("skips an invalid newest timestamp with a reason instead of throwing", () => {
    const r = computeFeatures(withNewest({ ts: new Date(Number.NaN) }), { now });
    expect(isFeatureSkip(r) && r.skip).toBe("MALFORMED_BAR");
  });

  it("leaves a malformed bar inside the history out, as if it had never arrived", () => {
    const broken = good.map((b, i) => (i === 40 ? { ...b, low: b.high + 1 } : b));
    const withoutIt = good.filter((_, i) => i !== 40);
    expect(computeFeatures(broken, { now })).toEqual(computeFeatures(withoutIt, { now }));
  });

  it("leaves out duplicate or backwards timestamps and bars of another symbol", () => {
    const dup = [...good.slice(0, 30), good[29] as Bar, ...good.slice(30)];
    const foreign = [...good.slice(0, 30), { ...(good[30] as Bar), symbol: "OTHER", ts: new Date(T0 + 30.5 * 60_000) }, ...good.slice(30)];
    const expected = computeFeatures(good, { now });
    expect(computeFeatures(dup, { now })).toEqual(expected);
    expect(computeFeatures(foreign, { now })).toEqual(expected);
  });

  it("never throws and never reports a non-finite number, whatever the bars contain", () => {
    const num = fc.oneof(
      fc.double({ min: 50, max: 150, noNaN: true }),
      fc.constantFrom(0, -1, Number.NaN, Number.POSITIVE_INFINITY, 1e300),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(num, num, num, num, num), { minLength: 45, maxLength: 120 }), (rows) => {
        const bars: Bar[] = rows.map(([o, h, l, c, v], i) => ({
          symbol: "FUZZ",
          ts: new Date(T0 + i * 60_000),
          open: o,
          high: Math.max(h, o, c),
          low: Math.min(l, o, c),
          close: c,
          volume: v,
        }));
        const r = computeFeatures(bars, { now: justAfter(bars) });
        if (!isFeatureSkip(r)) {
          for (const [key, value] of Object.entries(r)) {
            if (typeof value === "number") expect(Number.isFinite(value), key).toBe(true);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe("feature values at the edges", () => {
  it("reports vol_ratio null, not a division by zero, when the price never moved", () => {
    const bars = makeBars(Array(60).fill(100));
    const f = expectFeatures(computeFeatures(bars, { now: justAfter(bars) }));
    expect(f.baseline_vol).toBe(0);
    expect(f.vol_ratio).toBeNull();
    expect(f.trend_state).toBe(0);
  });

  it("reports volume_ratio 0 when there was no volume at all", () => {
    const bars = makeBars(wave(60), { volume: () => 0 });
    const f = expectFeatures(computeFeatures(bars, { now: justAfter(bars) }));
    expect(f.volume_ratio).toBe(0);
    expect(f.volume_surge).toBe(false);
  });

  it.each([
    [1900, 2, false],
    [1901, 1901 / 950.05, true],
  ])("flags a surge only above twice the 20-bar average, current bar included (volume %i → ratio %f)", (current, ratio, surge) => {
    // 19 bars of 900 and one of 1900 average 950, so 1900 is exactly twice the average: not a surge.
    const bars = makeBars(wave(60), { volume: (i) => (i === 59 ? current : 900) });
    const f = expectFeatures(computeFeatures(bars, { now: justAfter(bars) }));
    expect(f.volume_ratio).toBeCloseTo(ratio, 12);
    expect(f.volume_surge).toBe(surge);
  });

  it.each([
    [0.05, 1],
    [-0.05, -1],
  ])("sets trend_state from SMA20 vs SMA50 (drift %f per bar → %i)", (drift, trend) => {
    const bars = makeBars(Array.from({ length: 60 }, (_, i) => 100 + i * drift));
    expect(expectFeatures(computeFeatures(bars, { now: justAfter(bars) })).trend_state).toBe(trend);
  });
});
