import { readFileSync } from "node:fs";
import path from "node:path";
import { etDateString } from "@ops/core";
import { describe, expect, it } from "vitest";
import { totalSkipped } from "../src/market-data/bar-parse-report.js";
import { parseBarTimestamp, parseTimestampedBarCsv, symbolFromFileName } from "../src/market-data/timestamped-bar-csv.js";
import { lumibotDir } from "./data-fixtures.js";

function dataLines(file: string): string[][] {
  return readFileSync(file, "utf8").trim().split(/\r?\n/).slice(1).map((l) => l.split(","));
}

describe("timestamped bar CSVs (Lumibot formats)", () => {
  it("parses AAPL_Minute.csv (Datetime,Open,... with -04:00 offsets) to exactly the rows in the file", () => {
    const file = path.join(lumibotDir, "AAPL_Minute.csv");
    const lines = dataLines(file);
    const report = parseTimestampedBarCsv(readFileSync(file, "utf8"), { symbol: symbolFromFileName("AAPL_Minute.csv")! });
    expect(report.bars).toHaveLength(lines.length);
    expect(totalSkipped(report)).toBe(0);
    const first = report.bars[0]!;
    const [ts0, o0, h0, l0, c0, v0] = lines[0]!;
    expect(first.symbol).toBe("AAPL");
    expect(first.ts.getTime()).toBe(Date.parse(ts0!.replace(" ", "T")));
    expect(first.ts.toISOString()).toBe("2021-08-23T13:30:00.000Z");
    expect([first.open, first.high, first.low, first.close, first.volume]).toEqual([o0, h0, l0, c0, v0].map(Number));
    const lastLine = lines[lines.length - 1]!;
    expect(report.bars[report.bars.length - 1]!.close).toBe(Number(lastLine[4]));
    // Three sessions; the source export stops one bar short of the close (389 a day).
    const perDay = new Map<string, number>();
    for (const b of report.bars) perDay.set(etDateString(b.ts), (perDay.get(etDateString(b.ts)) ?? 0) + 1);
    expect([...perDay.keys()]).toEqual(["2021-08-23", "2021-08-24", "2021-08-25"]);
    expect([...perDay.values()]).toEqual([389, 389, 389]);
  });

  it("parses the time,open,... format in winter time and keeps 390 regular-hours bars per day with rthOnly", () => {
    const file = path.join(lumibotDir, "spy_test_2020-01.csv");
    const text = readFileSync(file, "utf8");
    const all = parseTimestampedBarCsv(text, { symbol: "SPY" });
    expect(all.bars).toHaveLength(dataLines(file).length);
    const rth = parseTimestampedBarCsv(text, { symbol: "SPY", rthOnly: true });
    const perDay = new Map<string, number>();
    for (const b of rth.bars) perDay.set(etDateString(b.ts), (perDay.get(etDateString(b.ts)) ?? 0) + 1);
    expect([...perDay.values()]).toEqual([390, 390, 390, 390]);
    expect(rth.filtered).toBe(all.bars.length - 4 * 390);
    // -05:00 (EST): the first regular bar of 2020-01-06 is 14:30Z.
    expect(rth.bars[0]!.ts.toISOString()).toBe("2020-01-06T14:30:00.000Z");
    for (let i = 1; i < rth.bars.length; i += 1) expect(rth.bars[i]!.ts > rth.bars[i - 1]!.ts).toBe(true);
  });

  it("filters to the requested days", () => {
    const text = readFileSync(path.join(lumibotDir, "spy_test_2020-01.csv"), "utf8");
    const report = parseTimestampedBarCsv(text, { symbol: "SPY", rthOnly: true, days: new Set(["2020-01-08"]) });
    expect(report.bars).toHaveLength(390);
    expect(new Set(report.bars.map((b) => etDateString(b.ts)))).toEqual(new Set(["2020-01-08"]));
  });

  it("skips and counts malformed rows", () => {
    const text = [
      "time,open,high,low,close,volume",
      "2021-07-01 12:56:00-04:00,429.5,429.535,429.5,429.535,418",
      "not a time,429.5,429.535,429.5,429.535,418",
      "2021-07-01 12:57:00-04:00,429.5,429.535,429.5",
      "2021-07-01 12:58:00-04:00,429.5,,429.5,429.5,1",
      "2021-07-01 12:59:00-04:00,429.5,429.4,429.5,429.5,1",
      "2021-07-01 12:56:00-04:00,429.5,429.535,429.5,429.535,1",
      "2021-07-01 13:00:00-04:00,429.5,429.6,429.4,429.5,100",
    ].join("\n");
    const report = parseTimestampedBarCsv(text, { symbol: "SPY" });
    expect(report.bars.map((b) => b.volume)).toEqual([418, 100]);
    expect(report.skipped).toMatchObject({ bad_timestamp: 1, wrong_column_count: 1, not_a_number: 1, ohlc_inconsistent: 1, duplicate_timestamp: 1 });
    expect(totalSkipped(report)).toBe(5);
  });

  it("rejects a file whose header is not a bar header", () => {
    expect(() => parseTimestampedBarCsv("Date,Open,High,Low,Close,Adj Close,Name\n", { symbol: "X" })).toThrow(/header/);
  });

  it("derives the symbol from the file name", () => {
    expect(symbolFromFileName("AAPL_Minute.csv")).toBe("AAPL");
    expect(symbolFromFileName("SPY_Minute_2021.csv")).toBe("SPY");
    expect(symbolFromFileName("spy_test_2020-01.csv")).toBe("SPY");
  });

  it("reads offsets, Z, and offset-less New York wall times", () => {
    expect(parseBarTimestamp("2021-08-23 09:30:00-04:00")?.toISOString()).toBe("2021-08-23T13:30:00.000Z");
    expect(parseBarTimestamp("2021-08-23T13:30:00Z")?.toISOString()).toBe("2021-08-23T13:30:00.000Z");
    expect(parseBarTimestamp("2020-01-06 09:30")?.toISOString()).toBe("2020-01-06T14:30:00.000Z");
    expect(parseBarTimestamp("yesterday")).toBeUndefined();
  });
});
