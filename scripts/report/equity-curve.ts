// Equity and drawdown per minute, derived from the tables rather than asked of the broker, so a replay report
// can be rebuilt from a database alone. equity(t) = base + realised P&L of positions closed by t + open
// positions marked at t. Stocks are marked with the close of their newest finished one-minute bar; options have
// no bar history in the database, so an open option is carried at its entry price (unrealised 0) until its
// position row's last mark, which is only known for the end of the run.

export interface EquityPosition {
  readonly symbol: string;
  readonly isOption: boolean;
  readonly qty: number;
  readonly multiplier: number;
  readonly entryPrice: number;
  readonly openedAtMs: number;
  /** null while still open at the end of the data. */
  readonly closedAtMs: number | null;
  /** Realised P&L in USD once closed (position_history.pnl_usd). */
  readonly realisedPnlUsd: number | null;
  readonly lastMark: { readonly atMs: number; readonly price: number } | null;
}

/** Close prices per symbol, keyed by the instant the bar finished (bar ts + 60 s), ascending. */
export type MarkSeries = ReadonlyMap<string, readonly (readonly [atMs: number, close: number])[]>;

export interface EquityPoint {
  readonly atMs: number;
  readonly equityUsd: number;
  readonly realisedUsd: number;
  readonly unrealisedUsd: number;
  /** (equity - running peak) / running peak, in percent: 0 at a new high, negative below it. */
  readonly drawdownPct: number;
}

export function equityCurve(baseEquityUsd: number, grid: readonly number[], positions: readonly EquityPosition[], marks: MarkSeries): EquityPoint[] {
  const cursors = new Map<string, number>();
  const markAt = (symbol: string, atMs: number): number | undefined => {
    const series = marks.get(symbol);
    if (series === undefined || series.length === 0) return undefined;
    // The grid is ascending, so each symbol's cursor only moves forward.
    let i = cursors.get(symbol) ?? -1;
    while (i + 1 < series.length && series[i + 1]![0] <= atMs) i += 1;
    cursors.set(symbol, i);
    return i >= 0 ? series[i]![1] : undefined;
  };
  const sortedGrid = [...grid].sort((a, b) => a - b);
  const out: EquityPoint[] = [];
  let peak = Number.NEGATIVE_INFINITY;
  for (const t of sortedGrid) {
    let realised = 0;
    let unrealised = 0;
    for (const p of positions) {
      if (p.closedAtMs !== null && p.closedAtMs <= t) {
        realised += p.realisedPnlUsd ?? 0;
        continue;
      }
      if (p.openedAtMs > t) continue;
      const mark = p.isOption ? optionMark(p, t) : (markAt(p.symbol, t) ?? p.entryPrice);
      unrealised += (mark - p.entryPrice) * p.qty * p.multiplier;
    }
    const equity = baseEquityUsd + realised + unrealised;
    peak = Math.max(peak, equity);
    out.push({ atMs: t, equityUsd: round2(equity), realisedUsd: round2(realised), unrealisedUsd: round2(unrealised), drawdownPct: peak > 0 ? round4(((equity - peak) / peak) * 100) : 0 });
  }
  return out;
}

function optionMark(p: EquityPosition, t: number): number {
  return p.lastMark !== null && p.lastMark.atMs <= t ? p.lastMark.price : p.entryPrice;
}

/** The deepest drawdown of a curve in percent (<= 0). */
export function maxDrawdownPct(points: readonly EquityPoint[]): number {
  return points.reduce((worst, p) => Math.min(worst, p.drawdownPct), 0);
}

const round2 = (n: number): number => Math.round(n * 100) / 100;
const round4 = (n: number): number => Math.round(n * 10_000) / 10_000;
