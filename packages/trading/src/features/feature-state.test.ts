import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Bar } from "../domain/bar.js";
import { computeFeatures } from "./compute-features.js";
import { FeatureState } from "./feature-state.js";
import { isFeatureSkip } from "./features.js";

const T0 = Date.parse("2024-03-04T14:30:00Z");

const barArb = fc.record({
  ret: fc.double({ min: -0.02, max: 0.02, noNaN: true }),
  wick: fc.double({ min: 0, max: 0.01, noNaN: true }),
  volume: fc.integer({ min: 0, max: 100_000 }),
  broken: fc.boolean(),
});

describe("FeatureState", () => {
  it("returns what computeFeatures returns for the same bars, bar after bar", () => {
    fc.assert(
      fc.property(fc.array(barArb, { minLength: 50, maxLength: 140 }), (steps) => {
        let close = 100;
        const bars: Bar[] = steps.map((s, i) => {
          const open = close;
          close = close * (1 + s.ret);
          const high = Math.max(open, close) * (1 + s.wick);
          return {
            symbol: "PROP",
            ts: new Date(T0 + i * 60_000),
            open,
            // About one bar in ten is malformed (high < low), which both paths must refuse.
            high: s.broken && s.volume % 10 === 0 ? Math.min(open, close) * 0.5 : high,
            low: Math.min(open, close) * (1 - s.wick),
            close,
            volume: s.volume,
          };
        });
        const state = new FeatureState("PROP");
        bars.forEach((bar, i) => {
          const streamed = state.update(bar);
          const prefix = bars.slice(0, i + 1);
          const batch = computeFeatures(prefix, { now: new Date(bar.ts.getTime() + 30_000) });
          expect(batch).toEqual(streamed);
        });
      }),
      { numRuns: 30 },
    );
  });

  it("leaves its state untouched when it refuses a bar", () => {
    const bars: Bar[] = Array.from({ length: 60 }, (_, i) => ({
      symbol: "X",
      ts: new Date(T0 + i * 60_000),
      open: 10 + i * 0.01,
      high: 10.5 + i * 0.01,
      low: 9.5 + i * 0.01,
      close: 10 + i * 0.01,
      volume: 100,
    }));
    const a = new FeatureState("X");
    const b = new FeatureState("X");
    bars.slice(0, 55).forEach((bar) => {
      a.update(bar);
      b.update(bar);
    });
    const bad = a.update({ ...(bars[55] as Bar), close: Number.NaN });
    expect(isFeatureSkip(bad) && bad.skip).toBe("MALFORMED_BAR");
    const backwards = a.update(bars[10] as Bar);
    expect(isFeatureSkip(backwards) && backwards.skip).toBe("OUT_OF_ORDER_BAR");
    const foreign = a.update({ ...(bars[55] as Bar), symbol: "Y" });
    expect(isFeatureSkip(foreign) && foreign.skip).toBe("WRONG_SYMBOL");
    expect(a.barsUsed).toBe(55);
    bars.slice(55).forEach((bar) => expect(a.update(bar)).toEqual(b.update(bar)));
  });

  it.each([
    [{ recentWindowBars: 51 }],
    [{ baselineWindowBars: 49 }],
  ])("rejects windows that the 50-bar minimum cannot fill: %o", (windows) => {
    expect(() => new FeatureState("X", windows)).toThrow(RangeError);
  });

  const steady = (n: number, startMs = T0): Bar[] =>
    Array.from({ length: n }, (_, i) => {
      const close = 20 + Math.sin(i / 3);
      return { symbol: "W", ts: new Date(startMs + i * 60_000), open: close, high: close + 0.05, low: close - 0.05, close, volume: 500 + i };
    });

  it("exposes its warm-up explicitly: bars so far, bars needed, ready", () => {
    const state = new FeatureState("W");
    const bars = steady(50);
    bars.slice(0, 49).forEach((b) => state.update(b));
    expect(state.warmup).toEqual({ bars: 49, needed: 50, ready: false });
    expect(isFeatureSkip(state.update(bars[49] as Bar))).toBe(false);
    expect(state.warmup).toEqual({ bars: 50, needed: 50, ready: true });
  });

  it("forgets its history after a gap longer than maxHistoryAgeMs and warms up again", () => {
    const state = new FeatureState("W", { maxHistoryAgeMs: 24 * 3_600_000 });
    steady(60).forEach((b) => state.update(b));
    const later = steady(10, T0 + 3 * 24 * 3_600_000);
    const r = state.update(later[0] as Bar);
    expect(isFeatureSkip(r) && r.skip).toBe("INSUFFICIENT_BARS");
    expect(state.lastReset?.reason).toBe("HISTORY_GAP");
    expect(state.warmup.bars).toBe(1);
  });

  it("clones an independent copy", () => {
    const a = new FeatureState("W");
    const bars = steady(80);
    bars.slice(0, 60).forEach((b) => a.update(b));
    const b = a.clone();
    const fromA = bars.slice(60).map((bar) => a.update(bar));
    expect(b.barsUsed).toBe(60);
    expect(bars.slice(60).map((bar) => b.update(bar))).toEqual(fromA);
  });
});
