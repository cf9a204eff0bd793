import type { Bar } from "@ops/trading";
import { describe, expect, it } from "vitest";
import { toBarColumns, validateBar } from "../src/index.js";
import type { BarRejectReason } from "../src/index.js";

const NOW = new Date("2024-03-05T15:00:00Z");
const good: Bar = { symbol: "AAA", ts: new Date("2024-03-05T14:59:00Z"), open: 10, high: 10.5, low: 9.5, close: 10.2, volume: 1200 };

describe("validateBar", () => {
  it("accepts a well-formed bar, including a flat one with zero volume", () => {
    expect(validateBar(good, NOW)).toBeUndefined();
    expect(validateBar({ ...good, open: 10, high: 10, low: 10, close: 10, volume: 0 }, NOW)).toBeUndefined();
  });

  it.each<[string, Partial<Bar>, BarRejectReason]>([
    ["an empty symbol", { symbol: "" }, "bad_symbol"],
    ["an invalid timestamp", { ts: new Date(Number.NaN) }, "bad_timestamp"],
    ["a timestamp after now", { ts: new Date(NOW.getTime() + 60_000) }, "future_timestamp"],
    ["a NaN close", { close: Number.NaN }, "non_finite_price"],
    ["an infinite high", { high: Number.POSITIVE_INFINITY }, "non_finite_price"],
    ["a zero low", { low: 0 }, "non_positive_price"],
    ["a negative open", { open: -1 }, "non_positive_price"],
    ["high below low", { high: 9, low: 11, open: 10, close: 10 }, "high_below_low"],
    ["open above high", { open: 11 }, "open_outside_range"],
    ["close below low", { close: 9 }, "close_outside_range"],
    ["negative volume", { volume: -5 }, "bad_volume"],
    ["a timestamp between minutes", { ts: new Date("2024-03-05T14:58:30Z") }, "not_minute_aligned"],
    ["fractional volume", { volume: 12.5 }, "bad_volume"],
    ["NaN volume", { volume: Number.NaN }, "bad_volume"],
  ])("rejects %s", (_name, change, reason) => {
    expect(validateBar({ ...good, ...change }, NOW)).toBe(reason);
  });
});

describe("validateBar with a universe", () => {
  it("rejects a symbol that was not asked for, and accepts one that was", () => {
    expect(validateBar(good, NOW, new Set(["BBB"]))).toBe("not_in_universe");
    expect(validateBar(good, NOW, new Set(["AAA"]))).toBeUndefined();
  });

  it("accepts a bar stamped exactly now (the minute that just began) but not one after it", () => {
    expect(validateBar({ ...good, ts: NOW }, NOW)).toBeUndefined();
    expect(validateBar({ ...good, ts: new Date(NOW.getTime() + 60_000) }, NOW)).toBe("future_timestamp");
  });
});

describe("toBarColumns", () => {
  it("maps bars to parallel columns in input order", () => {
    const second = { ...good, symbol: "BBB", close: 10.4 };
    const columns = toBarColumns([good, second]);
    expect(columns.symbol).toEqual(["AAA", "BBB"]);
    expect(columns.ts).toEqual([good.ts, second.ts]);
    expect(columns.close).toEqual([10.2, 10.4]);
    expect(columns.volume).toEqual([1200, 1200]);
    expect(columns.open.length).toBe(2);
  });

  it("keeps only the last copy of a repeated (symbol, ts), since one upsert cannot touch a row twice", () => {
    const corrected = { ...good, close: 10.3, volume: 1300 };
    const columns = toBarColumns([good, corrected]);
    expect(columns.symbol).toEqual(["AAA"]);
    expect(columns.close).toEqual([10.3]);
    expect(columns.volume).toEqual([1300]);
  });
});
