import { describe, expect, it } from "vitest";
import { Macd } from "./macd.js";

describe("Macd", () => {
  it("reports nothing before index slow + signal - 2", () => {
    const macd = new Macd(3, 5, 2);
    const out = Array.from({ length: 10 }, (_, i) => macd.update(10 + i));
    expect(out.findIndex((v) => v !== undefined)).toBe(5 + 2 - 2);
  });

  it("has a histogram equal to the line minus the signal", () => {
    const macd = new Macd();
    let last;
    for (let i = 0; i < 60; i++) last = macd.update(100 + Math.sin(i / 4) * 3);
    expect(last).toBeDefined();
    expect(last?.histogram).toBeCloseTo((last?.macd ?? NaN) - (last?.signal ?? NaN), 14);
  });

  it("is zero on a flat series", () => {
    const macd = new Macd();
    let last;
    for (let i = 0; i < 40; i++) last = macd.update(50);
    expect(last).toEqual({ macd: 0, signal: 0, histogram: 0 });
  });

  it("rejects a fast period that is not below the slow period", () => {
    expect(() => new Macd(26, 12, 9)).toThrow(RangeError);
  });
});
