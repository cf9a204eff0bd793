import { describe, expect, it } from "vitest";
import { Atr } from "./atr.js";
import { Bollinger } from "./bollinger.js";
import { Ema } from "./ema.js";
import { Macd } from "./macd.js";
import { PctChangeStdev } from "./pct-change-stdev.js";
import { RollingStdev } from "./rolling-stdev.js";
import { Rsi } from "./rsi.js";
import { SessionVwap } from "./session-vwap.js";
import { Sma } from "./sma.js";
import type { StreamingIndicator } from "./streaming-indicator.js";

interface Ohlcv {
  high: number;
  low: number;
  close: number;
  volume: number;
  session: number;
}

/** Deterministic random walk (LCG): a failure names a reproducible input. */
function walk(length: number, seed = 11): Ohlcv[] {
  let s = seed >>> 0;
  const next = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  let close = 100;
  return Array.from({ length }, () => {
    close *= 1 + (next() - 0.5) * 0.02;
    return { high: close * (1 + next() * 0.004), low: close * (1 - next() * 0.004), close, volume: Math.round(next() * 5000), session: 1 };
  });
}

type AnyIndicator = StreamingIndicator<Ohlcv, unknown>;
const onClose = <T>(k: StreamingIndicator<number, T>): AnyIndicator => ({
  get warmupPeriod() { return k.warmupPeriod; },
  get count() { return k.count; },
  get ready() { return k.ready; },
  get value() { return k.value; },
  update: (b: Ohlcv) => k.update(b.close),
  reset: () => k.reset(),
  clone: () => onClose(k.clone() as StreamingIndicator<number, T>),
});
const onBar = <T>(k: StreamingIndicator<Ohlcv, T>): AnyIndicator => k as AnyIndicator;

// [name, factory, warm-up period (TA-Lib lookback + 1)]
const cases: [string, () => AnyIndicator, number][] = [
  ["Sma(20)", () => onClose(new Sma(20)), 20],
  ["Ema(12)", () => onClose(new Ema(12)), 12],
  ["Rsi(14)", () => onClose(new Rsi(14)), 15],
  ["Macd(12,26,9)", () => onClose(new Macd(12, 26, 9)), 34],
  ["Bollinger(20,2)", () => onClose(new Bollinger(20, 2)), 20],
  ["Atr(14)", () => onBar(new Atr(14)), 15],
  ["RollingStdev(10)", () => onClose(new RollingStdev(10, { ddof: 0 })), 10],
  ["PctChangeStdev(30)", () => onClose(new PctChangeStdev(30)), 30],
  ["SessionVwap", () => onBar(new SessionVwap()), 1],
];

const bars = walk(120);

describe.each(cases)("%s as a streaming indicator", (_name, make, warmup) => {
  it(`declares a warm-up of ${warmup} inputs and is first ready after exactly that many`, () => {
    const k = make();
    expect(k.warmupPeriod).toBe(warmup);
    const firstReady = bars.findIndex((b) => {
      k.update(b);
      return k.ready;
    });
    expect(firstReady + 1).toBe(warmup);
    expect(k.count).toBe(warmup);
  });

  it("after reset, warms up again and then agrees with a fresh instance exactly", () => {
    const used = make();
    bars.slice(0, 77).forEach((b) => used.update(b));
    used.reset();
    expect(used.ready).toBe(false);
    expect(used.count).toBe(0);
    const fresh = make();
    for (const b of bars.slice(40)) expect(used.update(b)).toEqual(fresh.update(b));
  });

  it("clones an independent copy that continues exactly like the original", () => {
    const original = make();
    bars.slice(0, 60).forEach((b) => original.update(b));
    const copy = original.clone();
    const continued = bars.slice(60).map((b) => original.update(b));
    // The original moved on; the copy must still be where it was, then follow the same path.
    expect(copy.count).toBe(60);
    expect(bars.slice(60).map((b) => copy.update(b))).toEqual(continued);
  });
});
