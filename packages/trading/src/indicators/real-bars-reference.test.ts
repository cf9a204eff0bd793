import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ATR, BollingerBands, EMA, MACD, RSI, SMA } from "technicalindicators";
import * as TS from "trading-signals";
import { describe, expect, it } from "vitest";
import { Atr } from "./atr.js";
import { Bollinger } from "./bollinger.js";
import { Ema } from "./ema.js";
import { etSessionDay } from "./et-session-day.js";
import { Macd } from "./macd.js";
import { Rsi } from "./rsi.js";
import { SessionVwap } from "./session-vwap.js";
import { Sma } from "./sma.js";

// Our kernels against two independent JavaScript libraries on real 1-minute bars (lumibot's Yahoo
// minutes, 3 sessions each, SOURCES.md §1b). TA-Lib (talib-reference.test.ts) is the authority; where a
// library seeds differently, the test compares after the seed has decayed and says so.

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const lumibot = path.resolve(repoRoot, "..", "shared", "data", "bars", "intraday_1min", "lumibot");

interface MinuteBar {
  ts: Date;
  high: number;
  low: number;
  close: number;
  volume: number;
}

function minutes(symbol: string): MinuteBar[] {
  return readFileSync(path.join(lumibot, `${symbol}_Minute.csv`), "utf8")
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => {
      const [dt, , h, l, c, v] = line.split(",");
      return { ts: new Date((dt ?? "").replace(" ", "T")), high: Number(h), low: Number(l), close: Number(c), volume: Number(v) };
    });
}

const SYMBOLS = ["AAPL", "MSFT", "TSLA"] as const;
const data = SYMBOLS.map((s) => [s, minutes(s)] as const);

function defined<T>(xs: readonly (T | undefined | null)[]): T[] {
  return xs.filter((x): x is T => x !== undefined && x !== null);
}

/** Same length, and every pair within `rel` × max(|a|, |b|, floor). */
function expectClose(ours: readonly number[], theirs: readonly number[], rel: number, floor = 1): void {
  expect(ours.length).toBe(theirs.length);
  expect(ours.length).toBeGreaterThan(100);
  let worst = 0;
  ours.forEach((a, i) => {
    const b = theirs[i] as number;
    worst = Math.max(worst, Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), floor));
  });
  expect(worst).toBeLessThanOrEqual(rel);
}

describe.each(data)("kernels on real %s minute bars", (_symbol, bars) => {
  const closes = bars.map((b) => b.close);
  const hlc = { high: bars.map((b) => b.high), low: bars.map((b) => b.low), close: closes };

  it("hold three sessions of about 389 bars", () => {
    expect(new Set(bars.map((b) => etSessionDay(b.ts.getTime()))).size).toBe(3);
    expect(bars.length).toBeGreaterThanOrEqual(1166);
  });

  describe("against technicalindicators (batch, recomputes the whole series)", () => {
    it("SMA(20), EMA(12) (both seed with the SMA, as TA-Lib) and Bollinger(20, 2) agree to 1e-9", () => {
      const sma = new Sma(20);
      const ema = new Ema(12);
      const bb = new Bollinger(20, 2);
      expectClose(defined(closes.map((x) => sma.update(x))), SMA.calculate({ period: 20, values: closes }), 1e-9);
      expectClose(defined(closes.map((x) => ema.update(x))), EMA.calculate({ period: 12, values: closes }), 1e-9);
      const ours = defined(closes.map((x) => bb.update(x)));
      const theirs = BollingerBands.calculate({ period: 20, stdDev: 2, values: closes });
      expectClose(ours.map((v) => v.upper), theirs.map((v) => v.upper), 1e-9);
      expectClose(ours.map((v) => v.lower), theirs.map((v) => v.lower), 1e-9);
      // Its pb is (close − lower) / (upper − lower), like ours; a flat window would divide by 0 there.
      expectClose(ours.map((v) => v.percentB), theirs.map((v) => v.pb), 1e-9);
    });

    it("RSI(14) agrees to the half-cent technicalindicators rounds its output to", () => {
      const rsi = new Rsi(14);
      const ours = defined(closes.map((x) => rsi.update(x)));
      const theirs = RSI.calculate({ period: 14, values: closes });
      expect(ours.length).toBe(theirs.length);
      ours.forEach((v, i) => expect(Math.abs(v - (theirs[i] as number))).toBeLessThanOrEqual(0.005 + 1e-9));
    });

    it("ATR(14) agrees to 1e-9", () => {
      const atr = new Atr(14);
      expectClose(defined(bars.map((b) => atr.update(b))), ATR.calculate({ period: 14, ...hlc }), 1e-9);
    });

    it("MACD(12,26,9) agrees once technicalindicators' different fast-EMA seed has decayed", () => {
      // It seeds the fast EMA on closes 0..11, TA-Lib on 14..25; the gap shrinks by 11/13 a bar.
      const macd = new Macd();
      const ours = defined(closes.map((x) => macd.update(x)));
      const theirs = MACD.calculate({ values: closes, fastPeriod: 12, slowPeriod: 26, signalPeriod: 9, SimpleMAOscillator: false, SimpleMASignal: false });
      const tail = 800;
      const price = Math.max(...closes);
      expectClose(ours.slice(-tail).map((v) => v.macd / price), theirs.slice(-tail).map((v) => (v.MACD ?? Number.NaN) / price), 1e-9, 1);
      expectClose(ours.slice(-tail).map((v) => v.signal / price), theirs.slice(-tail).map((v) => (v.signal ?? Number.NaN) / price), 1e-9, 1);
    });
  });

  describe("against trading-signals (streaming)", () => {
    it("SMA(20), RSI(14) (Wilder smoothing seeded with the mean, as TA-Lib) and Bollinger with %b and bandwidth agree to 1e-9", () => {
      const [sma, tsSma] = [new Sma(20), new TS.SMA(20)];
      const [rsi, tsRsi] = [new Rsi(14), new TS.RSI(14)];
      const [bb, tsBb, tsPb, tsBw] = [new Bollinger(20, 2), new TS.BollingerBands(20, 2), new TS.PercentB({ interval: 20 }), new TS.BollingerBandsWidth(new TS.BollingerBands(20, 2))];
      const rows = closes.map((x) => ({
        sma: [sma.update(x), tsSma.add(x)], rsi: [rsi.update(x), tsRsi.add(x)], bb: bb.update(x),
        tsBb: tsBb.add(x), pb: tsPb.add(x), bw: tsBw.add(x),
      }));
      for (const key of ["sma", "rsi"] as const) {
        const pairs = rows.map((r) => r[key]);
        // Same warm-up: both report from the same bar on.
        expect(pairs.findIndex(([a]) => a !== undefined)).toBe(pairs.findIndex(([, b]) => b !== null));
        expectClose(defined(pairs.map(([a]) => a)), defined(pairs.map(([, b]) => b)), 1e-9);
      }
      expectClose(defined(rows.map((r) => r.bb?.middle)), defined(rows.map((r) => r.tsBb?.middle)), 1e-9);
      expectClose(defined(rows.map((r) => r.bb?.upper)), defined(rows.map((r) => r.tsBb?.upper)), 1e-9);
      expectClose(defined(rows.map((r) => r.bb?.percentB)), defined(rows.map((r) => r.pb)), 1e-9);
      expectClose(defined(rows.map((r) => r.bb?.bandwidth)), defined(rows.map((r) => r.bw)), 1e-9, 1e-3);
    });

    it("EMA(12), ATR(14) and MACD(12,26,9) agree once trading-signals' first-value seed has decayed", () => {
      // trading-signals seeds an EMA with the first value and its true range starts at bar 0 (high − low),
      // TA-Lib seeds with the mean of the first n; the gap decays as (1 − k)^bars, far below 1e-9 after 400.
      const [ema, tsEma] = [new Ema(12), new TS.EMA(12)];
      const [atr, tsAtr] = [new Atr(14), new TS.ATR(14)];
      const [macd, tsMacd] = [new Macd(), new TS.MACD(new TS.EMA(12), new TS.EMA(26), new TS.EMA(9))];
      const rows = bars.map((b) => ({ ema: [ema.update(b.close), tsEma.add(b.close)], atr: [atr.update(b), tsAtr.add(b)], macd: [macd.update(b.close), tsMacd.add(b.close)] } as const));
      const tail = rows.slice(400);
      expectClose(tail.map((r) => r.ema[0] as number), tail.map((r) => r.ema[1] as number), 1e-9);
      expectClose(tail.map((r) => r.atr[0] as number), tail.map((r) => r.atr[1] as number), 1e-9);
      const price = Math.max(...closes);
      expectClose(tail.map((r) => (r.macd[0]?.macd ?? Number.NaN) / price), tail.map((r) => (r.macd[1]?.macd ?? Number.NaN) / price), 1e-9);
      expectClose(tail.map((r) => (r.macd[0]?.histogram ?? Number.NaN) / price), tail.map((r) => (r.macd[1]?.histogram ?? Number.NaN) / price), 1e-9);
    });

    it("session VWAP equals trading-signals' VWAP restarted at each session's first bar", () => {
      const ours = new SessionVwap();
      let theirs = new TS.VWAP();
      let session = Number.NaN;
      const pairs: [number, number][] = [];
      for (const b of bars) {
        const day = etSessionDay(b.ts.getTime());
        if (day !== session) {
          session = day;
          theirs = new TS.VWAP();
        }
        const o = ours.update({ ...b, session: day });
        // trading-signals skips a zero-volume bar entirely (returns null); ours keeps its value.
        const t = theirs.add(b);
        if (o !== undefined && t !== null) pairs.push([o, t]);
      }
      expectClose(pairs.map(([o]) => o), pairs.map(([, t]) => t), 1e-12);
    });
  });
});
