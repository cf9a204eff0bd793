import { ATR, BollingerBands, EMA, MACD, RSI, SMA } from "technicalindicators";
import { describe, expect, it } from "vitest";
import { Atr } from "./atr.js";
import { Bollinger } from "./bollinger.js";
import { Ema } from "./ema.js";
import { Macd } from "./macd.js";
import { Rsi } from "./rsi.js";
import { Sma } from "./sma.js";

// A second, independent implementation (batch, recomputes everything) as a cross-check on random
// price paths. It reports only defined values, so we compare the tails.

interface Ohlc {
  high: number;
  low: number;
  close: number;
}

/** Deterministic random walk (LCG), so a failure names a seed that reproduces it. */
function randomWalk(seed: number, length: number): Ohlc[] {
  let state = seed >>> 0;
  const next = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  let close = 5 + next() * 2000;
  return Array.from({ length }, () => {
    close *= 1 + (next() - 0.5) * 0.06;
    return { high: close * (1 + next() * 0.01), low: close * (1 - next() * 0.01), close };
  });
}

const seeds = [1, 7, 42, 1234, 99991];
const paths = seeds.map((seed) => [seed, randomWalk(seed, 300)] as const);

function defined<T>(xs: (T | undefined)[]): T[] {
  return xs.filter((x): x is T => x !== undefined);
}

function expectTailsClose(ours: number[], theirs: number[], tol: (ref: number) => number): void {
  expect(ours.length).toBe(theirs.length);
  ours.forEach((v, i) => {
    const ref = theirs[i] as number;
    expect(Math.abs(v - ref)).toBeLessThanOrEqual(tol(ref));
  });
}

const rel = (r: number) => (ref: number) => r * Math.max(1, Math.abs(ref));

describe("kernels agree with the technicalindicators package on random price paths", () => {
  it.each(paths)("SMA(20) (seed %i)", (_seed, bars) => {
    const values = bars.map((b) => b.close);
    const k = new Sma(20);
    expectTailsClose(defined(values.map((x) => k.update(x))), SMA.calculate({ period: 20, values }), rel(1e-9));
  });

  it.each(paths)("EMA(12) (seed %i)", (_seed, bars) => {
    const values = bars.map((b) => b.close);
    const k = new Ema(12);
    expectTailsClose(defined(values.map((x) => k.update(x))), EMA.calculate({ period: 12, values }), rel(1e-9));
  });

  it.each(paths)("RSI(14), which technicalindicators rounds to two decimals (seed %i)", (_seed, bars) => {
    const values = bars.map((b) => b.close);
    const k = new Rsi(14);
    const halfCent = () => 0.005 + 1e-9;
    expectTailsClose(defined(values.map((x) => k.update(x))), RSI.calculate({ period: 14, values }), halfCent);
  });

  it.each(paths)("Bollinger(20, 2) (seed %i)", (_seed, bars) => {
    const values = bars.map((b) => b.close);
    const k = new Bollinger(20, 2);
    const ours = defined(values.map((x) => k.update(x)));
    const theirs = BollingerBands.calculate({ period: 20, stdDev: 2, values });
    expectTailsClose(ours.map((v) => v.upper), theirs.map((v) => v.upper), rel(1e-9));
    expectTailsClose(ours.map((v) => v.lower), theirs.map((v) => v.lower), rel(1e-9));
  });

  it.each(paths)("ATR(14) (seed %i)", (_seed, bars) => {
    const k = new Atr(14);
    const theirs = ATR.calculate({
      period: 14,
      high: bars.map((b) => b.high),
      low: bars.map((b) => b.low),
      close: bars.map((b) => b.close),
    });
    expectTailsClose(defined(bars.map((b) => k.update(b))), theirs, rel(1e-9));
  });

  it.each(paths)("MACD(12,26,9) converges once the different fast-EMA seeds decay (seed %i)", (_seed, bars) => {
    // technicalindicators seeds the fast EMA on the first 12 closes, TA-Lib (and we) on closes 14..25;
    // that difference shrinks by 11/13 per bar, so 250 bars later it is far below 1e-9 of price.
    const values = bars.map((b) => b.close);
    const k = new Macd(12, 26, 9);
    const ours = defined(values.map((x) => k.update(x)));
    const theirs = MACD.calculate({
      values,
      fastPeriod: 12,
      slowPeriod: 26,
      signalPeriod: 9,
      SimpleMAOscillator: false,
      SimpleMASignal: false,
    });
    const scale = Math.max(...values);
    for (let i = 1; i <= 20; i++) {
      const o = ours[ours.length - i];
      const t = theirs[theirs.length - i];
      expect(o).toBeDefined();
      expect(Math.abs((o?.macd ?? NaN) - (t?.MACD ?? NaN))).toBeLessThanOrEqual(1e-9 * scale);
      expect(Math.abs((o?.signal ?? NaN) - (t?.signal ?? NaN))).toBeLessThanOrEqual(1e-9 * scale);
      expect(Math.abs((o?.histogram ?? NaN) - (t?.histogram ?? NaN))).toBeLessThanOrEqual(1e-9 * scale);
    }
  });
});
