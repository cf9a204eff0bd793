import { describe, expect, it } from "vitest";
import { makeFeatures } from "../testing/builders.js";
import { FIXED_NOW, secondsBefore } from "../testing/fixed-times.js";
import { computeSignal } from "./compute-signal.js";
import { DEFAULT_INDICATOR_RULES, indicatorMultiplier } from "./indicator-multiplier.js";
import type { IndicatorRulesConfig } from "./indicator-multiplier.js";
import { DEFAULT_SIGNAL_CONFIG } from "./signal-config.js";
import type { SignalFeatures } from "./signal-types.js";

const ALL_ON: IndicatorRulesConfig = {
  rsi: { ...DEFAULT_INDICATOR_RULES.rsi, enabled: true },
  macd: { ...DEFAULT_INDICATOR_RULES.macd, enabled: true },
  bollinger: { ...DEFAULT_INDICATOR_RULES.bollinger, enabled: true },
  atr: { ...DEFAULT_INDICATOR_RULES.atr, enabled: true },
};

describe("indicatorMultiplier", () => {
  it.each([
    // rsi, macd_hist, %b, atr14 (close 100), direction, expected product
    [75, 0.2, 0.9, 1, "BULL", 0.8 * 1.05],
    [50, -0.2, 1.2, 4, "BULL", 0.85 * 0.85 * 0.8],
    [25, -0.2, -0.1, 2, "BEAR", 0.8 * 1.05 * 0.85],
    [50, 0, 0.5, 3, "BEAR", 1],
  ] as const)("rsi %d, macd_hist %d, %%b %d, atr %d, %s → ×%d", (rsi14, macd_hist, bb_percent_b, atr14, direction, expected) => {
    const out = indicatorMultiplier({ close: 100, rsi14, macd_hist, bb_percent_b, atr14 }, direction, ALL_ON);
    expect(out.multiplier).toBeCloseTo(expected, 12);
    expect(Object.keys(out.effects).sort()).toEqual(["atr", "bollinger", "macd", "rsi"]);
  });

  it("leaves confidence alone when a switched-on indicator has no value, and records the gap", () => {
    const out = indicatorMultiplier({ close: 100, rsi14: null }, "BULL", ALL_ON);
    expect(out.multiplier).toBe(1);
    expect(out.effects.rsi).toEqual({ value: null, multiplier: 1 });
  });

  it("does nothing with every rule off (the default)", () => {
    expect(indicatorMultiplier({ close: 100, rsi14: 95, macd_hist: -3 }, "BULL", DEFAULT_INDICATOR_RULES)).toEqual({ multiplier: 1, effects: {} });
  });
});

describe("computeSignal with indicator rules", () => {
  const f = makeFeatures({ sourceBarTs: secondsBefore(FIXED_NOW, 60) });
  const features: SignalFeatures = {
    symbol: f.symbol,
    ts: f.sourceBarTs,
    close: f.close,
    sma20: f.sma20,
    sma50: f.sma50,
    distance_sma20: f.distanceSma20,
    vol_ratio: f.volRatio,
    trend_state: f.trendState,
    volume_ratio: f.volumeRatio,
    rsi14: 82,
    macd_hist: -0.4,
  };

  it("reproduces the seed's confidence by default, even when indicator values are present", () => {
    const seed = computeSignal({ features: { ...features, rsi14: null, macd_hist: null }, sentiment: null, now: FIXED_NOW });
    const withValues = computeSignal({ features, sentiment: null, now: FIXED_NOW });
    expect(withValues.confidence).toBe(seed.confidence);
    expect(withValues.breakdown.indicators).toBeUndefined();
  });

  it("damps a BULL entry into overbought RSI and a falling MACD when switched on, and stores why", () => {
    const seed = computeSignal({ features, sentiment: null, now: FIXED_NOW });
    const cfg = { ...DEFAULT_SIGNAL_CONFIG, indicators: ALL_ON };
    const damped = computeSignal({ features, sentiment: null, now: FIXED_NOW, cfg });
    expect(damped.breakdown.indicatorMultiplier).toBeCloseTo(0.8 * 0.85, 12);
    expect(damped.confidence).toBeCloseTo(Math.min(1, seed.confidence * 0.8 * 0.85), 12);
    expect(damped.breakdown.indicators?.rsi).toEqual({ value: 82, multiplier: 0.8 });
  });
});
