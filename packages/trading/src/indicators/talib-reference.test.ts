import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { Atr } from "./atr.js";
import { Bollinger } from "./bollinger.js";
import { Ema } from "./ema.js";
import { Macd } from "./macd.js";
import { RollingStdev } from "./rolling-stdev.js";
import { Rsi } from "./rsi.js";
import { Sma } from "./sma.js";

// Reference outputs produced by TA-Lib itself (see shared/data/SOURCES.md §4).
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const talibDir = path.resolve(repoRoot, "..", "shared", "data", "indicators", "talib");

type Row = Record<string, string>;

function readCsv(file: string): Row[] {
  const [header, ...lines] = readFileSync(path.join(talibDir, file), "utf8").trim().split(/\r?\n/);
  const cols = (header ?? "").split(",");
  return lines.map((line) => {
    const cells = line.split(",");
    return Object.fromEntries(cols.map((c, i) => [c, cells[i] ?? ""]));
  });
}

/** TA-Lib leaves warm-up cells blank; we map them to undefined, the kernels' warm-up value. */
function column(rows: Row[], name: string): (number | undefined)[] {
  return rows.map((r) => {
    const cell = r[name];
    if (cell === undefined) throw new Error(`missing column ${name}`);
    return cell === "" ? undefined : Number(cell);
  });
}

/**
 * Same warm-up pattern, and every defined value within `rel` of the reference (relative to the
 * larger magnitude, with `floor` guarding values that cross zero such as MACD).
 */
function expectSeriesClose(
  actual: (number | undefined)[],
  expected: (number | undefined)[],
  rel: number,
  floor = 1,
): void {
  expect(actual.length).toBe(expected.length);
  const warmupActual = actual.findIndex((v) => v !== undefined);
  const warmupExpected = expected.findIndex((v) => v !== undefined);
  expect(warmupActual).toBe(warmupExpected);
  expect(warmupExpected).toBeGreaterThan(0);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    const a = actual[i];
    if (e === undefined) {
      expect(a, `index ${i} should still be warming up`).toBeUndefined();
      continue;
    }
    expect(a, `index ${i} should be defined`).toBeDefined();
    const err = Math.abs((a as number) - e) / Math.max(Math.abs(e), Math.abs(a as number), floor);
    worst = Math.max(worst, err);
  }
  expect(worst).toBeLessThanOrEqual(rel);
}

function run<T>(values: readonly number[], update: (x: number) => T | undefined): (T | undefined)[] {
  return values.map((x) => update(x));
}

describe("kernels against TA-Lib on real Binance BTCUSDT 15-minute candles", () => {
  const input = readCsv("binance_btcusdt_15m/BTCUSDT_15m.csv");
  const closes = input.map((r) => Number(r.close));

  it("has the 1000 candles the fixture promises", () => {
    expect(closes).toHaveLength(1000);
    expect(closes.every((c) => Number.isFinite(c) && c > 0)).toBe(true);
  });

  it("SMA(9) matches TA-Lib to 1e-9 with the same warm-up", () => {
    const sma = new Sma(9);
    expectSeriesClose(run(closes, (x) => sma.update(x)), column(readCsv("binance_btcusdt_15m/BTCUSDT_15m_SMA9.csv"), "sma9"), 1e-9);
  });

  it("EMA(21) seeded with the SMA matches TA-Lib to 1e-9", () => {
    const ema = new Ema(21);
    expectSeriesClose(run(closes, (x) => ema.update(x)), column(readCsv("binance_btcusdt_15m/BTCUSDT_15m_EMA21.csv"), "ema21"), 1e-9);
  });

  it("RSI(9) with Wilder smoothing matches TA-Lib to 1e-9", () => {
    const rsi = new Rsi(9);
    expectSeriesClose(run(closes, (x) => rsi.update(x)), column(readCsv("binance_btcusdt_15m/BTCUSDT_15m_RSI9.csv"), "rsi"), 1e-9);
  });

  it("MACD(12,26,9) matches TA-Lib to 1e-9 and is first defined at index 33", () => {
    const macd = new Macd(12, 26, 9);
    const out = run(closes, (x) => macd.update(x));
    const ref = readCsv("binance_btcusdt_15m/BTCUSDT_15m_MACD_12_26_9.csv");
    expect(out.findIndex((v) => v !== undefined)).toBe(33);
    expectSeriesClose(out.map((v) => v?.macd), column(ref, "macd"), 1e-9);
    expectSeriesClose(out.map((v) => v?.signal), column(ref, "macdsignal"), 1e-9);
    expectSeriesClose(out.map((v) => v?.histogram), column(ref, "macdhist"), 1e-9);
  });

  it("BBANDS(5, 2σ) bands match TA-Lib to 1e-9 and σ itself to 2e-7", () => {
    const bb = new Bollinger(5, 2);
    const out = run(closes, (x) => bb.update(x));
    const ref = readCsv("binance_btcusdt_15m/BTCUSDT_15m_BBANDS5.csv");
    expectSeriesClose(out.map((v) => v?.middle), column(ref, "middleband"), 1e-9);
    expectSeriesClose(out.map((v) => v?.upper), column(ref, "upperband"), 1e-9);
    expectSeriesClose(out.map((v) => v?.lower), column(ref, "lowerband"), 1e-9);
    // TA-Lib computes σ as sqrt(E[x²] − E[x]²), which loses digits at prices near 8,000 (SOURCES.md
    // reports the same ~1e-7 for numpy), so σ alone agrees less tightly than the bands.
    const sigma = (u: number | undefined, l: number | undefined): number | undefined =>
      u === undefined || l === undefined ? undefined : (u - l) / 4;
    const refUpper = column(ref, "upperband");
    const refLower = column(ref, "lowerband");
    expectSeriesClose(
      out.map((v) => sigma(v?.upper, v?.lower)),
      refUpper.map((u, i) => sigma(u, refLower[i])),
      2e-7,
    );
  });

  it("Bollinger %b and bandwidth follow from TA-Lib's bands (TA-Lib has neither function)", () => {
    const bb = new Bollinger(5, 2);
    const out = run(closes, (x) => bb.update(x));
    const ref = readCsv("binance_btcusdt_15m/BTCUSDT_15m_BBANDS5.csv");
    const [upper, middle, lower] = [column(ref, "upperband"), column(ref, "middleband"), column(ref, "lowerband")];
    const refPercentB = closes.map((c, i) => {
      const u = upper[i];
      const l = lower[i];
      return u === undefined || l === undefined ? undefined : (c - l) / (u - l);
    });
    const refBandwidth = closes.map((_c, i) => {
      const u = upper[i];
      const l = lower[i];
      const m = middle[i];
      return u === undefined || l === undefined || m === undefined ? undefined : (u - l) / m;
    });
    // Both divide by the band width, which carries TA-Lib's σ error (2e-7, see above).
    expectSeriesClose(out.map((v) => v?.percentB), refPercentB, 2e-6);
    expectSeriesClose(out.map((v) => v?.bandwidth), refBandwidth, 2e-7);
  });
});

describe("kernels against TA-Lib on the fugazi 120-bar fixture", () => {
  const input = readCsv("fugazi/input_ohlcv_monthly_120.csv");
  const bars = input.map((r) => ({ high: Number(r.high), low: Number(r.low), close: Number(r.close) }));
  const closes = bars.map((b) => b.close);
  const ref = readCsv("fugazi/talib_expected.csv");

  it("aligns row for row with its input", () => {
    expect(ref).toHaveLength(bars.length);
  });

  it.each([
    ["sma10", () => new Sma(10)],
    ["ema10", () => new Ema(10)],
    ["rsi14", () => new Rsi(14)],
  ] as const)("%s matches TA-Lib to 1e-9 with the same warm-up", (name, make) => {
    const k = make();
    expectSeriesClose(run(closes, (x) => k.update(x)), column(ref, name), 1e-9);
  });

  it("MACD(12,26,9) lines match TA-Lib to 1e-9", () => {
    const macd = new Macd();
    const out = run(closes, (x) => macd.update(x));
    expectSeriesClose(out.map((v) => v?.macd), column(ref, "macd"), 1e-9, 1e-3);
    expectSeriesClose(out.map((v) => v?.signal), column(ref, "macd_signal"), 1e-9, 1e-3);
    expectSeriesClose(out.map((v) => v?.histogram), column(ref, "macd_hist"), 1e-9, 1e-3);
  });

  it("Bollinger(20, 2σ) matches TA-Lib", () => {
    const bb = new Bollinger(20, 2);
    const out = run(closes, (x) => bb.update(x));
    expectSeriesClose(out.map((v) => v?.middle), column(ref, "bb_mid"), 1e-9);
    expectSeriesClose(out.map((v) => v?.upper), column(ref, "bb_upper"), 1e-9);
    expectSeriesClose(out.map((v) => v?.lower), column(ref, "bb_lower"), 1e-9);
  });

  it("Bollinger(20, 2σ) %b and bandwidth agree with TA-Lib's bands", () => {
    const bb = new Bollinger(20, 2);
    const out = run(closes, (x) => bb.update(x));
    const [upper, middle, lower] = [column(ref, "bb_upper"), column(ref, "bb_mid"), column(ref, "bb_lower")];
    const defined = (i: number): [number, number, number] | undefined => {
      const u = upper[i];
      const m = middle[i];
      const l = lower[i];
      return u === undefined || m === undefined || l === undefined ? undefined : [u, m, l];
    };
    expectSeriesClose(out.map((v) => v?.percentB), closes.map((c, i) => {
      const b = defined(i);
      return b && (c - b[2]) / (b[0] - b[2]);
    }), 1e-9);
    expectSeriesClose(out.map((v) => v?.bandwidth), closes.map((_c, i) => {
      const b = defined(i);
      return b && (b[0] - b[2]) / b[1];
    }), 1e-9, 1e-3);
  });

  it("STDDEV(10) (population) matches TA-Lib", () => {
    const sd = new RollingStdev(10, { ddof: 0 });
    expectSeriesClose(run(closes, (x) => sd.update(x)), column(ref, "stddev10"), 1e-9);
  });

  it("every kernel's declared warm-up is TA-Lib's first defined index + 1", () => {
    const firstDefined = (name: string): number => column(ref, name).findIndex((v) => v !== undefined);
    expect(new Sma(10).warmupPeriod).toBe(firstDefined("sma10") + 1);
    expect(new Ema(10).warmupPeriod).toBe(firstDefined("ema10") + 1);
    expect(new Rsi(14).warmupPeriod).toBe(firstDefined("rsi14") + 1);
    expect(new Macd().warmupPeriod).toBe(firstDefined("macd") + 1);
    expect(new Bollinger(20, 2).warmupPeriod).toBe(firstDefined("bb_mid") + 1);
    expect(new Atr(14).warmupPeriod).toBe(firstDefined("atr14") + 1);
    expect(new RollingStdev(10, { ddof: 0 }).warmupPeriod).toBe(firstDefined("stddev10") + 1);
  });

  it("ATR(14) with Wilder smoothing matches TA-Lib and is first defined at index 14", () => {
    const atr = new Atr(14);
    const out = bars.map((b) => atr.update(b));
    expect(out.findIndex((v) => v !== undefined)).toBe(14);
    expectSeriesClose(out, column(ref, "atr14"), 1e-9);
  });
});
