import { describe, expect, it } from "vitest";
import { PctChangeStdev } from "./pct-change-stdev.js";

/** What the seed computed: pandas' Series(closes).pct_change().std() (sample, ddof=1). */
function pandasPctChangeStd(closes: number[]): number {
  const r = closes.slice(1).map((c, i) => c / (closes[i] as number) - 1);
  const m = r.reduce((a, b) => a + b, 0) / r.length;
  return Math.sqrt(r.reduce((a, b) => a + (b - m) ** 2, 0) / (r.length - 1));
}

const closes = Array.from({ length: 120 }, (_, i) => 100 + 5 * Math.sin(i / 3) + i * 0.1);

describe("PctChangeStdev", () => {
  it("equals the seed's pct_change().std() over the last `windowCloses` closes", () => {
    const k = new PctChangeStdev(30);
    closes.forEach((c, i) => {
      const got = k.update(c);
      if (i < 29) expect(got).toBeUndefined();
      else expect(got).toBeCloseTo(pandasPctChangeStd(closes.slice(i - 29, i + 1)), 12);
    });
  });

  it("uses every close seen so far while the window is still filling (the seed's baseline)", () => {
    const k = new PctChangeStdev(390, 50);
    closes.forEach((c, i) => {
      const got = k.update(c);
      if (i < 49) expect(got).toBeUndefined();
      else expect(got).toBeCloseTo(pandasPctChangeStd(closes.slice(0, i + 1)), 12);
    });
  });

  it.each([
    [2, 2],
    [30, 2],
    [30, 31],
  ])("rejects windowCloses=%i with minCloses=%i", (w, m) => {
    expect(() => new PctChangeStdev(w, m)).toThrow(RangeError);
  });
});
