import { readFileSync } from "node:fs";
import path from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { totalSkipped } from "../src/market-data/bar-parse-report.js";
import { LEAN_RTH_END_MS, LEAN_RTH_START_MS, leanTradeZipDay, parseLeanTradeCsv, parseLeanTradeZip } from "../src/market-data/lean-trade-zip.js";
import { leanMinuteDir } from "./data-fixtures.js";

function rawRows(zipPath: string): number[][] {
  const entries = unzipSync(readFileSync(zipPath));
  const csv = strFromU8(Object.values(entries)[0] as Uint8Array);
  return csv.trim().split(/\r?\n/).map((l) => l.split(",").map(Number));
}

describe("Lean minute trade zips", () => {
  const spyZip = path.join(leanMinuteDir, "spy", "20131004_trade.zip");

  it("parses every row of a day, in order, with prices divided by 10000 and ET converted to UTC (EDT)", () => {
    const raw = rawRows(spyZip);
    const report = parseLeanTradeZip(readFileSync(spyZip), { symbol: "SPY", day: "2013-10-04" });
    expect(report.rows).toBe(raw.length);
    expect(report.bars).toHaveLength(raw.length);
    expect(totalSkipped(report)).toBe(0);
    const [ms0, o0, h0, l0, c0, v0] = raw[0] as number[];
    const first = report.bars[0]!;
    expect(first).toMatchObject({ symbol: "SPY", open: o0! / 10000, high: h0! / 10000, low: l0! / 10000, close: c0! / 10000, volume: v0 });
    // 2013-10-04 is daylight time: ET midnight is 04:00Z.
    expect(first.ts.getTime()).toBe(Date.UTC(2013, 9, 4, 4) + ms0!);
    const lastRaw = raw[raw.length - 1] as number[];
    const last = report.bars[report.bars.length - 1]!;
    expect(last.close).toBe(lastRaw[4]! / 10000);
    expect(last.ts.getTime()).toBe(Date.UTC(2013, 9, 4, 4) + lastRaw[0]!);
    for (let i = 1; i < report.bars.length; i += 1) {
      expect(report.bars[i]!.ts.getTime()).toBeGreaterThan(report.bars[i - 1]!.ts.getTime());
    }
  });

  it("keeps exactly the 390 regular-hours bars with rthOnly, from 09:30 to 15:59 ET", () => {
    const raw = rawRows(spyZip);
    const rthRaw = raw.filter((r) => r[0]! >= LEAN_RTH_START_MS && r[0]! < LEAN_RTH_END_MS);
    const report = parseLeanTradeZip(readFileSync(spyZip), { symbol: "SPY", day: "2013-10-04", rthOnly: true });
    expect(report.bars).toHaveLength(390);
    expect(rthRaw).toHaveLength(390);
    expect(report.filtered).toBe(raw.length - 390);
    expect(report.bars[0]!.ts.toISOString()).toBe("2013-10-04T13:30:00.000Z");
    expect(report.bars[0]!.open).toBe(rthRaw[0]![1]! / 10000);
    expect(report.bars[389]!.ts.toISOString()).toBe("2013-10-04T19:59:00.000Z");
    expect(report.bars[389]!.close).toBe(rthRaw[389]![4]! / 10000);
  });

  it("uses standard time before the March DST switch (SHY 2008-03-07: 09:30 ET is 14:30Z)", () => {
    const zip = path.join(leanMinuteDir, "shy", "20080307_trade.zip");
    const report = parseLeanTradeZip(readFileSync(zip), { symbol: "SHY", day: "2008-03-07", rthOnly: true });
    const raw = rawRows(zip).filter((r) => r[0]! >= LEAN_RTH_START_MS && r[0]! < LEAN_RTH_END_MS);
    expect(report.bars.length).toBe(raw.length);
    expect(report.bars[0]!.ts.getTime()).toBe(Date.UTC(2008, 2, 7, 5) + raw[0]![0]!);
  });

  it("skips malformed rows with a counted reason instead of failing", () => {
    const text = [
      "34200000,1676500,1677000,1676000,1676800,1200",
      "34260000,1676800,1677100,1676500",
      "34320000,abc,1677100,1676500,1676900,300",
      "34380000,1676900,1676000,1677500,1676950,300",
      "34440000,1676900,1677100,1676500,1676950,-5",
      "34440000,1676900,1677100,1676500,1676950,5",
      "34440000,1676900,1677100,1676500,1676950,7",
      "99999999999,1676900,1677100,1676500,1676950,5",
      "34500000,0,0,0,0,5",
      "",
    ].join("\n");
    const report = parseLeanTradeCsv(text, { symbol: "SPY", day: "2013-10-04" });
    expect(report.bars.map((b) => b.volume)).toEqual([1200, 5]);
    expect(report.rows).toBe(9);
    expect(report.skipped).toMatchObject({
      wrong_column_count: 1,
      not_a_number: 1,
      ohlc_inconsistent: 1,
      negative_volume: 1,
      duplicate_timestamp: 1,
      bad_timestamp: 1,
      non_positive_price: 1,
    });
    expect(totalSkipped(report)).toBe(7);
    expect(report.examples[0]).toEqual({ line: 2, reason: "wrong_column_count" });
  });

  it("reads the day from the file name and ignores quote zips", () => {
    expect(leanTradeZipDay("20131004_trade.zip")).toBe("2013-10-04");
    expect(leanTradeZipDay("20131004_quote.zip")).toBeUndefined();
  });
});
