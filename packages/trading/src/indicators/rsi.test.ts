import { describe, expect, it } from "vitest";
import { Rsi } from "./rsi.js";

function feed(values: number[], period = 5): (number | undefined)[] {
  const rsi = new Rsi(period);
  return values.map((x) => rsi.update(x));
}

describe("Rsi", () => {
  it("is first defined at index `period` (it needs `period` changes)", () => {
    const out = feed([1, 2, 3, 4, 5, 6, 7], 5);
    expect(out.slice(0, 5)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(out[5]).toBeDefined();
  });

  it("is 100 when prices only rise and 0 when they only fall", () => {
    expect(feed([1, 2, 3, 4, 5, 6, 7, 8]).at(-1)).toBe(100);
    expect(feed([8, 7, 6, 5, 4, 3, 2, 1]).at(-1)).toBe(0);
  });

  it("is neutral (50) for a flat series instead of TA-Lib's 0", () => {
    expect(feed(Array(10).fill(10)).at(-1)).toBe(50);
  });

  it("rejects a non-positive period", () => {
    expect(() => new Rsi(0)).toThrow(RangeError);
  });
});
