import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { inflateRawSync } from "node:zlib";
import { etDateTime } from "@ops/core/market-time";
import { ATR } from "technicalindicators";
import { describe, expect, it } from "vitest";
import type { Bar } from "../domain/bar.js";
import { etSessionDay } from "../indicators/et-session-day.js";
import { computeFeatures } from "./compute-features.js";
import { FeatureState } from "./feature-state.js";
import { isFeatureSkip, type FeatureResult, type Features } from "./features.js";

// Gaps and splits on real minute bars (QuantConnect Lean / AlgoSeek, SOURCES.md §1a). Neither a half
// day nor AAPL's 2014-06-09 split day is in the fixtures, so both are built from real days, and the
// construction is checked against the real daily bars where they exist.

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const dataDir = path.resolve(repoRoot, "..", "shared", "data", "bars");

/** The one CSV inside a Lean zip (read through the central directory: sizes may be in a data descriptor). */
function unzipOne(zip: Buffer): string {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const central = zip.readUInt32LE(eocd + 16);
  const method = zip.readUInt16LE(central + 10);
  const size = zip.readUInt32LE(central + 20);
  const local = zip.readUInt32LE(central + 42);
  const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
  const data = zip.subarray(start, start + size);
  return (method === 0 ? data : inflateRawSync(data)).toString("utf8");
}

/** Regular-hours bars of one Lean trade day (ms since New York midnight, prices × 10000), stamped on `stampDay`. */
function leanDay(symbol: string, day: string, stampDay = day, rthUntilMs = 57_600_000): Bar[] {
  const file = path.join(dataDir, "intraday_1min", "lean", symbol.toLowerCase(), `${day.replaceAll("-", "")}_trade.zip`);
  const midnight = etDateTime(stampDay, "00:00").getTime();
  return unzipOne(readFileSync(file))
    .trim()
    .split(/\r?\n/)
    .map((line) => line.split(",").map(Number))
    .filter(([ms]) => (ms as number) >= 34_200_000 && (ms as number) < rthUntilMs)
    .map(([ms, o, h, l, c, v]) => ({
      symbol,
      ts: new Date(midnight + (ms as number)),
      open: (o as number) / 10_000,
      high: (h as number) / 10_000,
      low: (l as number) / 10_000,
      close: (c as number) / 10_000,
      volume: v as number,
    }));
}

function expectFeatures(result: FeatureResult | undefined): Features {
  if (result === undefined || isFeatureSkip(result)) throw new Error(`expected features, got ${JSON.stringify(result)}`);
  return result;
}

const etHhmm = (d: Date): string => d.toLocaleTimeString("en-GB", { timeZone: "America/New_York", hour: "2-digit", minute: "2-digit" });
const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
function sampleStd(xs: readonly number[]): number {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
}

describe("a half day between two full days (real SPY minutes around Thanksgiving 2013)", () => {
  // Wednesday full day, Thursday closed, Friday closes at 13:00, then the weekend and a full Monday.
  const wednesday = leanDay("SPY", "2013-10-09", "2013-11-27");
  const halfDay = leanDay("SPY", "2013-10-10", "2013-11-29", 46_800_000);
  const monday = leanDay("SPY", "2013-10-11", "2013-12-02");
  const bars = [...wednesday, ...halfDay, ...monday];
  const state = new FeatureState("SPY");
  const results = bars.map((b) => state.update(b));
  const at = (day: Bar[], hhmm: string): number => bars.indexOf(day.find((b) => etHhmm(b.ts) === hhmm) as Bar);

  it("is built as intended: 390 + 210 + 390 real bars, the half day ending at 12:59", () => {
    expect([wednesday.length, halfDay.length, monday.length]).toEqual([390, 210, 390]);
    expect(etHhmm((halfDay.at(-1) as Bar).ts)).toBe("12:59");
    expect(new Set(bars.map((b) => etSessionDay(b.ts.getTime()))).size).toBe(3);
  });

  it("reports one result per bar that exists: nothing for 13:00–16:00 of the half day", () => {
    const fridayResults = results.slice(390, 600).map((r) => expectFeatures(r).ts);
    expect(fridayResults.map((ts) => ts.getTime())).toEqual(halfDay.map((b) => b.ts.getTime()));
    expect(expectFeatures(results[600]).ts).toEqual(monday[0]?.ts);
  });

  it("restarts VWAP at Monday's first bar and keeps the half day's own VWAP until then", () => {
    const fridayClose = expectFeatures(results[599]);
    const typical = (b: Bar): number => (b.high + b.low + b.close) / 3;
    expect(fridayClose.vwap).toBeCloseTo(halfDay.reduce((a, b) => a + typical(b) * b.volume, 0) / halfDay.reduce((a, b) => a + b.volume, 0), 9);
    expect(expectFeatures(results[600]).vwap).toBeCloseTo(typical(monday[0] as Bar), 9);
  });

  it("counts bars, not minutes, for the moving averages: Monday 09:39's SMA20 spans Friday's last ten bars", () => {
    const i = at(monday, "09:39");
    expect(expectFeatures(results[i]).sma20).toBeCloseTo(mean(bars.slice(i - 19, i + 1).map((b) => b.close)), 9);
  });

  it("keeps the weekend move out of realised volatility: recent_vol at 09:44 uses 29 one-minute changes, none across the gap", () => {
    const i = at(monday, "09:44");
    const changes = (from: number, to: number): number[] => bars.slice(from + 1, to + 1).map((b, k) => b.close / (bars[from + k] as Bar).close - 1);
    // 14 changes on Monday (09:30→09:44) and the 15 before Friday's close.
    const reference = [...changes(599 - 15, 599), ...changes(600, i)];
    expect(reference).toHaveLength(29);
    expect(expectFeatures(results[i]).recent_vol).toBeCloseTo(sampleStd(reference), 12);
  });

  it("lets the gap into ATR's true range, as TA-Lib does on the same series", () => {
    const theirs = ATR.calculate({ period: 14, high: bars.map((b) => b.high), low: bars.map((b) => b.low), close: bars.map((b) => b.close) });
    // technicalindicators starts at index 14; feature rows start at bar 50.
    for (const i of [600, 601, 620, bars.length - 1]) {
      expect(expectFeatures(results[i]).atr14).toBeCloseTo(theirs[i - 14] as number, 9);
    }
  });

  it("does not reset anything: an ordinary session gap is not a discontinuity", () => {
    expect(state.resets).toBe(0);
    expect(expectFeatures(results[600]).bars_used).toBe(601);
  });

  it("gives exactly the streamed results in batch, before, across and after the gaps", () => {
    // Batch drops bars older than maxHistoryAgeMs at `now` (4 days); Monday reaches back 5 days to Wednesday.
    const config = { maxHistoryAgeMs: 6 * 24 * 3_600_000 };
    for (const i of [389, 390, 599, 600, 649, bars.length - 1]) {
      const prefix = bars.slice(0, i + 1);
      expect(computeFeatures(prefix, { now: new Date((prefix.at(-1) as Bar).ts.getTime() + 60_000), config })).toEqual(results[i]);
    }
  });
});

describe("AAPL's 7:1 split of 2014-06-09 inside the window", () => {
  const before = [...leanDay("AAPL", "2014-06-05"), ...leanDay("AAPL", "2014-06-06")];
  // The split day is not in the minute fixtures: it is the real 2014-06-05 minutes in post-split
  // units (prices ÷ 7, volume × 7) on 2014-06-09, which the checks below compare with the real day.
  const splitDay = leanDay("AAPL", "2014-06-05", "2014-06-09").map((b) => ({
    ...b,
    open: b.open / 7,
    high: b.high / 7,
    low: b.low / 7,
    close: b.close / 7,
    volume: b.volume * 7,
  }));
  const bars = [...before, ...splitDay];

  it("is a faithful construction: the factor file says 7:1 after 2014-06-06, and the day opens within 1% of the real one", () => {
    const factors = readFileSync(path.join(dataDir, "daily", "lean", "factor_files", "aapl.csv"), "utf8").trim().split(/\r?\n/).map((l) => l.split(","));
    const i = factors.findIndex(([date]) => date === "20140606");
    expect(Number(factors[i + 1]?.[2]) / Number(factors[i]?.[2])).toBeCloseTo(7, 4);
    // Real 2014-06-09 daily open from the Lean daily zip: 926900 / 10000.
    expect(Math.abs((splitDay[0] as Bar).open / 92.69 - 1)).toBeLessThan(0.01);
    expect((splitDay[0] as Bar).open / (before.at(-1) as Bar).close).toBeLessThan(0.15);
  });

  it("without the reset it would read as a −86% collapse (what the guard exists for)", () => {
    const naive = new FeatureState("AAPL", { sessionGapResetRatio: 1e9 });
    const out = bars.map((b) => naive.update(b));
    const first = expectFeatures(out[before.length]);
    expect(first.distance_sma20).toBeLessThan(-0.8);
    expect(first.rsi14).toBeLessThan(5);
  });

  it("resets at the split day's open and reports no features until it has re-warmed on 50 post-split bars", () => {
    const state = new FeatureState("AAPL");
    const out = bars.map((b) => state.update(b));
    expect(expectFeatures(out[before.length - 1]).close).toBeGreaterThan(600);
    expect(state.resets).toBe(1);
    expect(state.lastReset).toMatchObject({ reason: "SESSION_PRICE_JUMP", ts: splitDay[0]?.ts });
    const warming = out.slice(before.length, before.length + 49);
    expect(warming.every((r) => isFeatureSkip(r) && r.skip === "INSUFFICIENT_BARS" && r.detail.includes("re-warming"))).toBe(true);
    expect(expectFeatures(out[before.length + 49]).bars_used).toBe(50);
  });

  it("after re-warming, equals features computed from the post-split bars alone, and nothing reads as a crash", () => {
    const state = new FeatureState("AAPL");
    const out = bars.map((b) => state.update(b)).slice(before.length);
    const fresh = new FeatureState("AAPL");
    const alone = splitDay.map((b) => fresh.update(b));
    const comparable = (r: FeatureResult): Features | string => (isFeatureSkip(r) ? r.skip : r);
    expect(out.map(comparable)).toEqual(alone.map(comparable));
    const rows = out.filter((r): r is Features => !isFeatureSkip(r));
    expect(rows.length).toBe(splitDay.length - 49);
    for (const f of rows) {
      expect(Math.abs(f.distance_sma20)).toBeLessThan(0.02);
      expect(f.close).toBeLessThan(100);
    }
  });
});
