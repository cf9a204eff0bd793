import type { Bar } from "@ops/trading";

/** Bars as parallel arrays, the shape one `INSERT ... SELECT FROM unnest(...)` takes. */
export interface BarColumns {
  readonly symbol: string[];
  readonly ts: Date[];
  readonly open: number[];
  readonly high: number[];
  readonly low: number[];
  readonly close: number[];
  readonly volume: number[];
}

/**
 * Maps bars to columns, keeping one bar per (symbol, ts): PostgreSQL refuses an upsert that touches
 * the same row twice in one statement, and a later copy of a bar is the corrected one.
 */
export function toBarColumns(bars: readonly Bar[]): BarColumns {
  const latest = new Map<string, Bar>();
  for (const bar of bars) latest.set(`${bar.symbol}\u0000${bar.ts.getTime()}`, bar);
  const columns: BarColumns = { symbol: [], ts: [], open: [], high: [], low: [], close: [], volume: [] };
  for (const bar of latest.values()) {
    columns.symbol.push(bar.symbol);
    columns.ts.push(bar.ts);
    columns.open.push(bar.open);
    columns.high.push(bar.high);
    columns.low.push(bar.low);
    columns.close.push(bar.close);
    columns.volume.push(bar.volume);
  }
  return columns;
}
