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
  // Position of each (symbol, ts) in the output; numeric inner keys keep this cheap for 100,000s of bars.
  const slots = new Map<string, Map<number, number>>();
  const columns: BarColumns = { symbol: [], ts: [], open: [], high: [], low: [], close: [], volume: [] };
  for (const bar of bars) {
    let bySymbol = slots.get(bar.symbol);
    if (bySymbol === undefined) slots.set(bar.symbol, (bySymbol = new Map()));
    const t = bar.ts.getTime();
    const at = bySymbol.get(t);
    if (at === undefined) {
      bySymbol.set(t, columns.symbol.length);
      columns.symbol.push(bar.symbol);
      columns.ts.push(bar.ts);
      columns.open.push(bar.open);
      columns.high.push(bar.high);
      columns.low.push(bar.low);
      columns.close.push(bar.close);
      columns.volume.push(bar.volume);
      continue;
    }
    columns.open[at] = bar.open;
    columns.high[at] = bar.high;
    columns.low[at] = bar.low;
    columns.close[at] = bar.close;
    columns.volume[at] = bar.volume;
  }
  return columns;
}
