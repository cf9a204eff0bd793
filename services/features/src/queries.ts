import type { Queryable } from "@ops/core";
import type { Bar, Features } from "@ops/trading";

interface SymbolBarsRow {
  symbol: string;
  ts_ms: number[];
  open: number[];
  high: number[];
  low: number[];
  close: number[];
  volume: number[];
}

export interface BarWindow {
  /** Bars with ts >= since are read... */
  readonly since: Date;
  /** ...and ts <= until (never bars from the future of the clock). */
  readonly until: Date;
  /** ...at most this many per symbol, the newest ones. */
  readonly perSymbol: number;
}

/**
 * The newest bars of every tradable symbol in ONE query: a LATERAL index scan per symbol, aggregated
 * to one row per symbol (moving arrays is far cheaper than one row per bar). Symbols without bars
 * come back with an empty list so they can be reported.
 */
export async function selectRecentBars(db: Queryable, window: BarWindow): Promise<Map<string, Bar[]>> {
  const result = await db.query<SymbolBarsRow>(
    `SELECT u.symbol,
            coalesce(array_agg((extract(epoch FROM b.ts) * 1000)::float8 ORDER BY b.ts) FILTER (WHERE b.ts IS NOT NULL), '{}') AS ts_ms,
            coalesce(array_agg(b.open ORDER BY b.ts) FILTER (WHERE b.ts IS NOT NULL), '{}') AS open,
            coalesce(array_agg(b.high ORDER BY b.ts) FILTER (WHERE b.ts IS NOT NULL), '{}') AS high,
            coalesce(array_agg(b.low ORDER BY b.ts) FILTER (WHERE b.ts IS NOT NULL), '{}') AS low,
            coalesce(array_agg(b.close ORDER BY b.ts) FILTER (WHERE b.ts IS NOT NULL), '{}') AS close,
            coalesce(array_agg(b.volume::float8 ORDER BY b.ts) FILTER (WHERE b.ts IS NOT NULL), '{}') AS volume
     FROM tradable_universe u
     LEFT JOIN LATERAL (
       SELECT ts, open, high, low, close, volume FROM bars
       WHERE bars.symbol = u.symbol AND ts >= $1 AND ts <= $2
       ORDER BY ts DESC LIMIT $3
     ) b ON true
     GROUP BY u.symbol
     ORDER BY u.symbol`,
    [window.since, window.until, window.perSymbol],
  );
  const out = new Map<string, Bar[]>();
  for (const row of result.rows) {
    const bars: Bar[] = row.ts_ms.map((ms, i) => ({
      symbol: row.symbol,
      ts: new Date(Number(ms)),
      open: Number(row.open[i]),
      high: Number(row.high[i]),
      low: Number(row.low[i]),
      close: Number(row.close[i]),
      volume: Number(row.volume[i]),
    }));
    out.set(row.symbol, bars);
  }
  return out;
}

/** All feature rows in one statement; a recomputation of the same (symbol, ts) replaces the values. */
export async function upsertFeatures(db: Queryable, rows: readonly Features[], computedAt: Date): Promise<number> {
  if (rows.length === 0) return 0;
  const col = <T>(pick: (f: Features) => T): T[] => rows.map(pick);
  const result = await db.query(
    `INSERT INTO features (symbol, ts, close, sma20, sma50, ema12, ema26, rsi14, macd, macd_signal, macd_hist,
                           bb_upper, bb_middle, bb_lower, atr14, recent_vol, baseline_vol, vol_ratio,
                           volume_current, volume_avg_20, volume_ratio, volume_surge, trend_state,
                           distance_sma20, distance_sma50, bar_count, computed_at)
     SELECT u.*, $27::timestamptz
     FROM unnest($1::text[], $2::timestamptz[], $3::float8[], $4::float8[], $5::float8[], $6::float8[], $7::float8[],
                 $8::float8[], $9::float8[], $10::float8[], $11::float8[], $12::float8[], $13::float8[], $14::float8[],
                 $15::float8[], $16::float8[], $17::float8[], $18::float8[], $19::bigint[], $20::float8[], $21::float8[],
                 $22::boolean[], $23::smallint[], $24::float8[], $25::float8[], $26::integer[]) AS u
     ON CONFLICT (symbol, ts) DO UPDATE SET
       close = EXCLUDED.close, sma20 = EXCLUDED.sma20, sma50 = EXCLUDED.sma50, ema12 = EXCLUDED.ema12,
       ema26 = EXCLUDED.ema26, rsi14 = EXCLUDED.rsi14, macd = EXCLUDED.macd, macd_signal = EXCLUDED.macd_signal,
       macd_hist = EXCLUDED.macd_hist, bb_upper = EXCLUDED.bb_upper, bb_middle = EXCLUDED.bb_middle,
       bb_lower = EXCLUDED.bb_lower, atr14 = EXCLUDED.atr14, recent_vol = EXCLUDED.recent_vol,
       baseline_vol = EXCLUDED.baseline_vol, vol_ratio = EXCLUDED.vol_ratio, volume_current = EXCLUDED.volume_current,
       volume_avg_20 = EXCLUDED.volume_avg_20, volume_ratio = EXCLUDED.volume_ratio, volume_surge = EXCLUDED.volume_surge,
       trend_state = EXCLUDED.trend_state, distance_sma20 = EXCLUDED.distance_sma20,
       distance_sma50 = EXCLUDED.distance_sma50, bar_count = EXCLUDED.bar_count, computed_at = EXCLUDED.computed_at`,
    [
      col((f) => f.symbol), col((f) => f.ts), col((f) => f.close), col((f) => f.sma20), col((f) => f.sma50),
      col((f) => f.ema12), col((f) => f.ema26), col((f) => f.rsi14), col((f) => f.macd), col((f) => f.macd_signal),
      col((f) => f.macd_hist), col((f) => f.bb_upper), col((f) => f.bb_middle), col((f) => f.bb_lower),
      col((f) => f.atr14), col((f) => f.recent_vol), col((f) => f.baseline_vol), col((f) => f.vol_ratio),
      col((f) => Math.round(f.volume_current)), col((f) => f.volume_avg_20), col((f) => f.volume_ratio),
      col((f) => f.volume_surge), col((f) => f.trend_state), col((f) => f.distance_sma20), col((f) => f.distance_sma50),
      col((f) => f.bars_used), computedAt,
    ],
  );
  return result.rowCount;
}
