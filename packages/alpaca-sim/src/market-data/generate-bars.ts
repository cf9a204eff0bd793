import { etDateTime } from "@ops/core";
import type { Bar } from "@ops/trading";
import { hashString, SeededRandom } from "./seeded-random.js";

export const RTH_MINUTES = 390;

let cumulativeShape: Float64Array | undefined;

/** Share of a regular session's volume traded in its first `minutes` minutes (0..1). */
export function sessionVolumeFraction(minutes: number): number {
  if (!cumulativeShape) {
    cumulativeShape = new Float64Array(RTH_MINUTES + 1);
    for (let i = 0; i < RTH_MINUTES; i += 1) cumulativeShape[i + 1] = (cumulativeShape[i] as number) + volumeShape(i);
  }
  const m = Math.max(0, Math.min(RTH_MINUTES, Math.floor(minutes)));
  return (cumulativeShape[m] as number) / (cumulativeShape[RTH_MINUTES] as number);
}
const BAR_MS = 60_000;

export interface GenerateBarsOptions {
  symbols: readonly string[];
  /** ET trading day, "YYYY-MM-DD". */
  day: string;
  seed: number | string;
  /** Opening price per symbol; a deterministic $20–$400 from the symbol otherwise. */
  startPrices?: Readonly<Record<string, number>>;
  /** Annualised volatility per symbol; 0.25 otherwise. */
  annualVol?: Readonly<Record<string, number>>;
  /** Average shares per minute per symbol; derived from the price otherwise. */
  avgMinuteVolume?: Readonly<Record<string, number>>;
}

/** Deterministic default price for a symbol, so a replay without files still looks plausible. */
export function defaultStartPrice(symbol: string): number {
  return 20 + (hashString(`price:${symbol}`) % 38_000) / 100;
}

/** Intraday volume is U-shaped: heavy at the open, a midday lull, a ramp into the close. */
export function volumeShape(minute: number): number {
  const x = minute / (RTH_MINUTES - 1);
  return 0.55 + 2.2 * Math.exp(-x * 14) + 1.4 * Math.exp(-(1 - x) * 10);
}

/**
 * 390 regular-hours minute bars per symbol from a geometric random walk. The same options (seed
 * included) always give the same bars; a different seed gives a different path.
 */
export function generateBars(options: GenerateBarsOptions): Bar[] {
  const open = etDateTime(options.day, "09:30").getTime();
  const bars: Bar[] = [];
  for (const symbol of options.symbols) {
    const rng = new SeededRandom(`${String(options.seed)}|${symbol}|${options.day}`);
    const vol = options.annualVol?.[symbol] ?? 0.25;
    const sigma = vol / Math.sqrt(252 * RTH_MINUTES);
    let price = options.startPrices?.[symbol] ?? defaultStartPrice(symbol);
    // Liquid names trade roughly $150M a day; dearer shares trade fewer of them.
    const avgVolume = options.avgMinuteVolume?.[symbol] ?? Math.max(500, 150_000_000 / RTH_MINUTES / price);
    const tick = price >= 1 ? 0.01 : 0.0001;
    const round = (p: number): number => Math.max(tick, Math.round(p / tick) * tick);
    for (let i = 0; i < RTH_MINUTES; i += 1) {
      const o = round(price * Math.exp(sigma * 0.1 * rng.normal()));
      const c = round(o * Math.exp(sigma * rng.normal()));
      const wick = () => Math.abs(rng.normal()) * sigma * 0.6;
      const h = round(Math.max(o, c) * (1 + wick()));
      const l = round(Math.min(o, c) * (1 - wick()));
      const noise = Math.exp(0.45 * rng.normal() - 0.1);
      const v = Math.max(100, Math.round((avgVolume * volumeShape(i) * noise) / 100) * 100);
      bars.push({ symbol, ts: new Date(open + i * BAR_MS), open: o, high: Math.max(h, o, c), low: Math.min(l, o, c), close: c, volume: v });
      price = c;
    }
  }
  return bars.sort((a, b) => a.ts.getTime() - b.ts.getTime() || (a.symbol < b.symbol ? -1 : 1));
}
