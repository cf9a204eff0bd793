import { etDateString } from "@ops/core";
import type { Bar } from "@ops/trading";
import type { MarketData } from "./types.js";

const BAR_MS = 60_000;

interface Series {
  /** Bar start times (ms), ascending, parallel to `bars`: binary search runs on the typed array. */
  readonly ts: Float64Array;
  readonly bars: readonly Bar[];
}

/** First index whose ts >= t (ts.length when none). */
function lowerBound(ts: Float64Array, t: number): number {
  let lo = 0;
  let hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((ts[mid] as number) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Minute bars held in per-symbol sorted arrays; every lookup is a binary search, since the
 * simulator hits this on every request and every fill. Duplicate (symbol, ts) pairs keep the first.
 */
export class InMemoryMarketData implements MarketData {
  private readonly series = new Map<string, Series>();
  private readonly days: string[];
  private readonly symbolList: string[];

  constructor(bars: Iterable<Bar>) {
    const bySymbol = new Map<string, Bar[]>();
    for (const bar of bars) {
      let list = bySymbol.get(bar.symbol);
      if (!list) bySymbol.set(bar.symbol, (list = []));
      list.push(bar);
    }
    const daySet = new Set<string>();
    for (const [symbol, list] of bySymbol) {
      list.sort((a, b) => a.ts.getTime() - b.ts.getTime());
      const unique: Bar[] = [];
      let last = Number.NaN;
      for (const bar of list) {
        const t = bar.ts.getTime();
        if (t === last) continue;
        last = t;
        unique.push(bar);
      }
      const ts = new Float64Array(unique.length);
      unique.forEach((b, i) => (ts[i] = b.ts.getTime()));
      this.series.set(symbol, { ts, bars: unique });
      // Days only change at most once per bar run; checking boundaries keeps construction cheap.
      let prevDay = "";
      for (const b of unique) {
        const day = etDateString(b.ts);
        if (day !== prevDay) daySet.add(day);
        prevDay = day;
      }
    }
    this.days = [...daySet].sort();
    this.symbolList = [...this.series.keys()].sort();
  }

  symbols(): string[] {
    return this.symbolList.slice();
  }

  tradingDays(): string[] {
    return this.days.slice();
  }

  bars(symbol: string, fromInclusive: Date, toExclusive: Date): Bar[] {
    const s = this.series.get(symbol);
    if (!s) return [];
    const from = lowerBound(s.ts, fromInclusive.getTime());
    const to = lowerBound(s.ts, toExclusive.getTime());
    return to > from ? s.bars.slice(from, to) : [];
  }

  nextBarAtOrAfter(symbol: string, t: Date): Bar | undefined {
    const s = this.series.get(symbol);
    if (!s) return undefined;
    return s.bars[lowerBound(s.ts, t.getTime())];
  }

  lastBarBefore(symbol: string, t: Date): Bar | undefined {
    const s = this.series.get(symbol);
    if (!s) return undefined;
    // Complete means bar.ts + 60s <= t, i.e. ts <= t - 60s: one past that is the first ts > t - 60s.
    const idx = lowerBound(s.ts, t.getTime() - BAR_MS + 1) - 1;
    return idx >= 0 ? s.bars[idx] : undefined;
  }

  /** Number of bars held for a symbol (0 when unknown). */
  barCount(symbol: string): number {
    return this.series.get(symbol)?.bars.length ?? 0;
  }
}
