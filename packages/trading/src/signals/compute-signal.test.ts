import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeSignal } from "./compute-signal.js";
import { DEFAULT_SIGNAL_CONFIG, type SignalConfig } from "./signal-config.js";
import type { SentimentSummary, SignalFeatures, SignalResult } from "./signal-types.js";

const NOW = new Date("2024-03-04T16:00:00Z"); // 11:00 ET, outside the gap-fade window
const withStock: SignalConfig = { ...DEFAULT_SIGNAL_CONFIG, allowStock: true };

/** Features where close sits `d` from SMA20; everything else overridable. */
function features(d: number, over: Partial<SignalFeatures> = {}): SignalFeatures {
  const sma20 = 100;
  return {
    symbol: "TEST",
    ts: new Date(NOW.getTime() - 60_000),
    close: sma20 * (1 + d),
    sma20,
    sma50: 99,
    distance_sma20: d,
    vol_ratio: 1,
    trend_state: 1,
    volume_ratio: 1.6,
    ...over,
  };
}

const news = (count: number, avgSignedScore: number): SentimentSummary => ({
  count,
  avgSignedScore,
  positive: avgSignedScore > 0 ? count : 0,
  negative: avgSignedScore < 0 ? count : 0,
});

function signal(f: SignalFeatures | null, opts: { sentiment?: SentimentSummary | null; cfg?: SignalConfig } = {}): SignalResult {
  return computeSignal({ features: f, sentiment: opts.sentiment ?? null, now: NOW, cfg: opts.cfg ?? DEFAULT_SIGNAL_CONFIG });
}

describe("computeSignal: HOLD codes", () => {
  it.each<[string, SignalFeatures | null]>([
    ["there are no features", null],
    ["sma50 is missing", features(0.015, { sma50: null })],
    ["close is not a number", features(0.015, { close: Number.NaN })],
    ["vol_ratio is unknown (flat baseline)", features(0.015, { vol_ratio: null })],
  ])("holds with NO_FEATURES when %s", (_name, f) => {
    const r = signal(f);
    expect(r.decision).toBe("HOLD");
    expect(r.holdCode).toBe("NO_FEATURES");
  });

  it("holds with STALE_FEATURES when the newest bar is older than the limit (seed failure 18)", () => {
    const r = signal(features(0.015, { ts: new Date(NOW.getTime() - 5 * 60_000 - 1) }));
    expect(r.holdCode).toBe("STALE_FEATURES");
  });

  it("holds with NO_SETUP when price and trend disagree", () => {
    expect(signal(features(0.007, { trend_state: -1 })).holdCode).toBe("NO_SETUP");
  });

  it.each([0, 0.3, 0.4999])("holds with VOLUME_TOO_LOW at volume_ratio %f, whatever the news", (v) => {
    const r = signal(features(0.015, { volume_ratio: v }), { sentiment: news(10, 1) });
    expect(r.holdCode).toBe("VOLUME_TOO_LOW");
    expect(r.confidence).toBe(0);
  });

  it("holds with NO_OPTIONS_SETUP when the trend is flat and stock is not allowed", () => {
    const r = signal(features(0.015, { trend_state: 0 }));
    expect(r.holdCode).toBe("NO_OPTIONS_SETUP");
  });

  it("holds with NO_OPTIONS_SETUP when volatility is high (options expensive)", () => {
    expect(signal(features(0.015, { vol_ratio: 1.31 })).holdCode).toBe("NO_OPTIONS_SETUP");
  });

  it("holds with OPTIONS_CONFIDENCE_TOO_LOW below the swing threshold and reports the confidence", () => {
    // At SMA20 (no breakout: ×0.5), weak volume ×0.3: far below 0.50.
    const r = signal(features(0.003, { volume_ratio: 1.0 }));
    expect(r.holdCode).toBe("OPTIONS_CONFIDENCE_TOO_LOW");
    expect(r.confidence).toBeGreaterThan(0);
    expect(r.confidence).toBeLessThan(0.5);
  });
});

describe("computeSignal: option entries", () => {
  it("buys a call as a day trade on a confirmed bullish breakout with surging volume", () => {
    const r = signal(features(0.015, { volume_ratio: 2.6 }), { sentiment: news(5, 0.8) });
    expect(r).toMatchObject({ decision: "BUY", action: "BUY_CALL", instrumentType: "CALL", strategyType: "day_trade" });
    expect(r.breakdown.rule).toBe("BULL_ENTRY");
    expect(r.breakdown.momentumTier).toBe("urgent");
  });

  it("buys a put for the mirror-image bearish setup", () => {
    const r = signal(features(-0.015, { trend_state: -1, volume_ratio: 2.6 }), { sentiment: news(5, -0.8) });
    expect(r).toMatchObject({ decision: "BUY", action: "BUY_PUT", instrumentType: "PUT", strategyType: "day_trade" });
    expect(r.breakdown.rule).toBe("BEAR_ENTRY");
  });

  it("computes confidence as base × sentiment × volume × move × momentum", () => {
    // d = 1.5 % up, uptrend, vr normal: base = 0.35·1 + 0.25·(1 − 0.015/0.02) + 0.20·1 + 0.20
    const r = signal(features(0.015, { volume_ratio: 1.6 }), { sentiment: news(2, 0.5) });
    const base = 0.35 + 0.25 * (1 - 0.015 / 0.02) + 0.2 + 0.2;
    const expected = base * (1 + 0.25 * 0.5 * (2 / 5)) * 0.8 * 1 * 1;
    expect(r.breakdown.baseConfidence).toBeCloseTo(base, 12);
    expect(r.confidence).toBeCloseTo(expected, 12);
    expect(r).toMatchObject({ decision: "BUY", strategyType: "swing_trade" });
  });

  it("needs volume_ratio ≥ 2.0 for a day trade even with high confidence", () => {
    const r = signal(features(0.015, { volume_ratio: 1.99 }), { sentiment: news(5, 1) });
    expect(r.strategyType).toBe("swing_trade");
  });

  it("halves confidence when the breakout is missing in the trade's direction", () => {
    const at = signal(features(0.008, { volume_ratio: 2.2 }));
    const broke = signal(features(0.0101, { volume_ratio: 2.2 }));
    expect(at.breakdown.movePenalty).toBe(0.5);
    expect(broke.breakdown.movePenalty).toBe(1);
  });

  it.each([
    [1.0, "day_trade"],
    [1.3, "swing_trade"],
  ])("raises the day-trade bar with volatility: a ~0.665 signal at vol_ratio %f is a %s", (vr, strategy) => {
    // 0.6 % above SMA20 (no breakout ×0.5), volume 2.0 (×1.15), full bullish news (×1.25):
    // 0.925 × 1.25 × 1.15 × 0.5 ≈ 0.6648, between 0.65 (vr 1.0) and 0.675 (vr 1.3).
    const r = signal(features(0.006, { vol_ratio: vr, volume_ratio: 2.0 }), { sentiment: news(5, 1) });
    expect(r.confidence).toBeCloseTo(0.925 * 1.25 * 1.15 * 0.5, 12);
    expect(r.strategyType).toBe(strategy);
  });

  it("swings at the 0.50 threshold and holds just below it", () => {
    // At SMA20 (no breakout ×0.5) with volume 2.1 (×1.15): 0.9625 × 1.15 × 0.5 ≈ 0.553. Opposing
    // news (×(1 − 0.2·s)) then sets confidence to exactly the target.
    const base = 0.35 + 0.25 * (1 - 0.003 / 0.02) + 0.2 + 0.2;
    const raw = base * 1.15 * 0.5;
    const opposing = (target: number): SentimentSummary => news(5, -(1 - target / raw) / 0.2);
    const atEdge = signal(features(0.003, { volume_ratio: 2.1 }), { sentiment: opposing(0.5 + 1e-12) });
    const under = signal(features(0.003, { volume_ratio: 2.1 }), { sentiment: opposing(0.4999) });
    expect(atEdge.confidence).toBeCloseTo(0.5, 10);
    expect(atEdge.strategyType).toBe("swing_trade");
    expect(under.confidence).toBeCloseTo(0.4999, 10);
    expect(under.holdCode).toBe("OPTIONS_CONFIDENCE_TOO_LOW");
  });
});

describe("computeSignal: stock entries (allowStock)", () => {
  it.each([
    [0.015, 0, "BUY_STOCK"],
    [-0.015, 0, "SELL_STOCK"],
  ] as const)("with a flat trend (d=%f) emits %s when stock is allowed", (d, trend, action) => {
    const r = signal(features(d, { trend_state: trend }), { cfg: withStock });
    expect(r).toMatchObject({ decision: "BUY", action, instrumentType: "STOCK", strategyType: null });
    expect(r.confidence).toBeGreaterThanOrEqual(0.4);
    expect(r.breakdown.stockFallbackFrom).toBe("NO_OPTIONS_SETUP");
  });

  it("falls back to stock when options confidence is too low but stock confidence is enough", () => {
    // At SMA20, volume 1.6 (×0.8), no breakout (×0.5): 0.9625 × 0.8 × 0.5 = 0.385; mild bullish
    // news (×1.075) lifts it to ~0.414: enough for stock, not for options.
    const r = signal(features(0.003, { volume_ratio: 1.6 }), { cfg: withStock, sentiment: news(5, 0.3) });
    expect(r.confidence).toBeGreaterThanOrEqual(0.4);
    expect(r.confidence).toBeLessThan(0.5);
    expect(r).toMatchObject({ decision: "BUY", action: "BUY_STOCK" });
    expect(r.breakdown.stockFallbackFrom).toBe("OPTIONS_CONFIDENCE_TOO_LOW");
  });

  it("holds with STOCK_CONFIDENCE_TOO_LOW below 0.40", () => {
    const r = signal(features(0.003, { trend_state: 0, volume_ratio: 1.0 }), { cfg: withStock });
    expect(r.holdCode).toBe("STOCK_CONFIDENCE_TOO_LOW");
    expect(r.confidence).toBeLessThan(0.4);
  });

  it("never emits stock by default, even for a strong stock-only setup", () => {
    const r = signal(features(0.015, { trend_state: 0, volume_ratio: 4 }), { sentiment: news(10, 1) });
    expect(r.decision).toBe("HOLD");
  });
});

describe("computeSignal: gap fade first", () => {
  it("returns the gap fade when it fires in the first hour, before the regular rules", () => {
    const at = new Date("2024-03-04T14:45:00Z"); // 09:45 EST
    const f = { ...features(0.015, { volume_ratio: 2.6 }), ts: new Date(at.getTime() - 60_000) };
    const r = computeSignal({ features: f, sentiment: null, now: at, previousSession: { open: 100, close: 101 } });
    // close 101.5 is a 0.5 % gap: too small to fade, so the breakout rules decide.
    expect(r.breakdown.rule).toBe("BULL_ENTRY");
    const gapped = { ...f, close: 102 };
    const g = computeSignal({ features: gapped, sentiment: null, now: at, previousSession: { open: 100, close: 101 } });
    expect(g).toMatchObject({ decision: "BUY", action: "BUY_PUT", strategyType: "gap_fade", confidence: 0.7 });
  });
});

describe("computeSignal properties", () => {
  const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
  const featuresArb = fc.record({
    d: fc.double({ min: -0.05, max: 0.05, noNaN: true }),
    trend: maybe(fc.constantFrom(-1, 0, 1)),
    volRatio: maybe(fc.double({ min: 0, max: 4, noNaN: true })),
    volumeRatio: maybe(fc.oneof(fc.double({ min: 0, max: 8, noNaN: true }), fc.constant(Number.NaN))),
    ageS: fc.integer({ min: 0, max: 600 }),
  });
  const sentimentArb = maybe(
    fc.record({
      count: fc.integer({ min: 0, max: 20 }),
      avgSignedScore: fc.double({ min: -1, max: 1, noNaN: true }),
      positive: fc.nat(10),
      negative: fc.nat(10),
    }),
  );
  interface FeatureDraw {
    d: number;
    trend: number | null;
    volRatio: number | null;
    volumeRatio: number | null;
    ageS: number;
  }
  const run = (x: FeatureDraw, s: SentimentSummary | null, allowStock: boolean): SignalResult =>
    computeSignal({
      features: features(x.d, {
        trend_state: x.trend,
        vol_ratio: x.volRatio,
        volume_ratio: x.volumeRatio,
        ts: new Date(NOW.getTime() - x.ageS * 1000),
      }),
      sentiment: s,
      now: NOW,
      cfg: { ...DEFAULT_SIGNAL_CONFIG, allowStock },
    });

  it("keeps confidence in [0, 1]; a HOLD never carries an action; an entry always does, consistently", () => {
    fc.assert(
      fc.property(featuresArb, sentimentArb, fc.boolean(), (x, s, allowStock) => {
        const r = run(x, s, allowStock);
        expect(r.confidence).toBeGreaterThanOrEqual(0);
        expect(r.confidence).toBeLessThanOrEqual(1);
        if (r.decision === "HOLD") {
          expect(r.action).toBeUndefined();
          expect(r.instrumentType).toBeNull();
          expect(r.holdCode).toBeDefined();
        } else {
          const instrumentOf = { BUY_CALL: "CALL", BUY_PUT: "PUT", BUY_STOCK: "STOCK", SELL_STOCK: "STOCK" } as const;
          expect(r.instrumentType).toBe(instrumentOf[r.action]);
          expect(r.holdCode).toBeUndefined();
          expect(r.confidence).toBeGreaterThanOrEqual(r.breakdown.requiredConfidence ?? Number.POSITIVE_INFINITY);
          if (!allowStock) expect(r.instrumentType).not.toBe("STOCK");
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("never enters on thin volume or stale features", () => {
    fc.assert(
      fc.property(featuresArb, sentimentArb, fc.boolean(), (x, s, allowStock) => {
        const r = run(x, s, allowStock);
        if (x.volumeRatio !== null && x.volumeRatio < 0.5) expect(r.decision).toBe("HOLD");
        if (x.ageS > 300) expect(r.holdCode).toBe("STALE_FEATURES");
      }),
      { numRuns: 500 },
    );
  });
});
