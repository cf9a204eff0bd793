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

/** The tradable universe (one source of truth for what is computed, seed failure 15). */
export async function selectUniverse(db: Queryable): Promise<string[]> {
  const result = await db.query<{ symbol: string }>("SELECT symbol FROM tradable_universe ORDER BY symbol");
  return result.rows.map((row) => row.symbol);
}

/**
 * The newest ingested_at in `bars` (telemetry's clock time of its latest insert or correction), read at
 * the start of a cycle: the next cycle asks for bars ingested after it. Null for an empty table. Kept as
 * the server's text: a JavaScript Date would cut the microseconds, and every bar of the same
 * millisecond would then count as changed again.
 */
export async function selectIngestCursor(db: Queryable): Promise<string | null> {
  const result = await db.query<{ newest: string | null }>("SELECT max(ingested_at)::text AS newest FROM bars");
  return result.rows[0]?.newest ?? null;
}

export interface HistoryRequest {
  readonly symbol: string;
  /**
   * Read the `perSymbol` bars before this time and every bar from it on; for a plain warm-up, a time
   * after `until` (so: the newest `perSymbol` bars).
   */
  readonly from: Date;
}

export interface HistoryWindow {
  /** Never bars older than this... */
  readonly since: Date;
  /** ...nor newer than this (never bars from the future of the clock). */
  readonly until: Date;
  readonly perSymbol: number;
}

/**
 * History to (re)build streaming state, for many symbols in ONE query: per symbol a LATERAL index scan
 * of the `perSymbol` bars before `from` plus every bar from `from` on, aggregated to one row of arrays
 * per symbol (moving arrays is far cheaper than one row per bar). Every requested symbol comes back,
 * with an empty list when it has no bars.
 */
export async function selectHistory(
  db: Queryable,
  requests: readonly HistoryRequest[],
  window: HistoryWindow,
): Promise<Map<string, Bar[]>> {
  const out = new Map<string, Bar[]>();
  if (requests.length === 0) return out;
  const result = await db.query<SymbolBarsRow>(
    `SELECT c.symbol,
            coalesce(array_agg((extract(epoch FROM h.ts) * 1000)::float8 ORDER BY h.ts) FILTER (WHERE h.ts IS NOT NULL), '{}') AS ts_ms,
            coalesce(array_agg(h.open ORDER BY h.ts) FILTER (WHERE h.ts IS NOT NULL), '{}') AS open,
            coalesce(array_agg(h.high ORDER BY h.ts) FILTER (WHERE h.ts IS NOT NULL), '{}') AS high,
            coalesce(array_agg(h.low ORDER BY h.ts) FILTER (WHERE h.ts IS NOT NULL), '{}') AS low,
            coalesce(array_agg(h.close ORDER BY h.ts) FILTER (WHERE h.ts IS NOT NULL), '{}') AS close,
            coalesce(array_agg(h.volume::float8 ORDER BY h.ts) FILTER (WHERE h.ts IS NOT NULL), '{}') AS volume
     FROM unnest($1::text[], $2::timestamptz[]) AS c(symbol, from_ts)
     LEFT JOIN LATERAL (
       (SELECT ts, open, high, low, close, volume FROM bars
        WHERE bars.symbol = c.symbol AND ts < c.from_ts AND ts >= $3 AND ts <= $4
        ORDER BY ts DESC LIMIT $5)
       UNION ALL
       (SELECT ts, open, high, low, close, volume FROM bars
        WHERE bars.symbol = c.symbol AND ts >= c.from_ts AND ts >= $3 AND ts <= $4)
     ) h ON true
     GROUP BY c.symbol`,
    [requests.map((r) => r.symbol), requests.map((r) => r.from), window.since, window.until, window.perSymbol],
  );
  for (const row of result.rows) {
    out.set(row.symbol, row.ts_ms.map((ms, i) => ({
      symbol: row.symbol,
      ts: new Date(Number(ms)),
      open: Number(row.open[i]),
      high: Number(row.high[i]),
      low: Number(row.low[i]),
      close: Number(row.close[i]),
      volume: Number(row.volume[i]),
    })));
  }
  for (const r of requests) if (!out.has(r.symbol)) out.set(r.symbol, []);
  return out;
}

export interface StreamCursor {
  readonly symbol: string;
  /** The newest bar time the symbol's state has seen; null when it has seen none. */
  readonly after: Date | null;
}

interface BarRow {
  symbol: string;
  ts_ms: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/**
 * What changed for warm symbols since the previous cycle, in ONE statement: bars after each symbol's
 * newest seen bar (a PK range scan per symbol) plus bars at or before it that telemetry inserted or
 * corrected after `ingestedAfter` (late and corrected bars, through the ingested_at index). Never bars
 * newer than `until` or older than `since`. A bar may come back that was already seen: callers ignore
 * identical repeats.
 */
export async function selectChangedBars(
  db: Queryable,
  cursors: readonly StreamCursor[],
  window: { readonly since: Date; readonly until: Date; readonly ingestedAfter: string | null },
): Promise<Bar[]> {
  if (cursors.length === 0) return [];
  const result = await db.query<BarRow>(
    `WITH c AS (SELECT * FROM unnest($1::text[], $2::timestamptz[]) AS c(symbol, after))
     (SELECT b.symbol, (extract(epoch FROM b.ts) * 1000)::float8 AS ts_ms, b.open, b.high, b.low, b.close, b.volume::float8 AS volume
      FROM c JOIN LATERAL (
        SELECT symbol, ts, open, high, low, close, volume FROM bars
        WHERE bars.symbol = c.symbol AND bars.ts > coalesce(c.after, $3::timestamptz - interval '1 microsecond')
          AND bars.ts >= $3 AND bars.ts <= $4
      ) b ON true)
     UNION ALL
     (SELECT b.symbol, (extract(epoch FROM b.ts) * 1000)::float8, b.open, b.high, b.low, b.close, b.volume::float8
      FROM bars b JOIN c ON c.symbol = b.symbol
      WHERE $5::timestamptz IS NOT NULL AND b.ingested_at > $5 AND b.ts <= c.after AND b.ts >= $3)
     ORDER BY 1, 2`,
    [cursors.map((c) => c.symbol), cursors.map((c) => c.after), window.since, window.until, window.ingestedAfter],
  );
  return result.rows.map((row) => ({
    symbol: row.symbol,
    ts: new Date(Number(row.ts_ms)),
    open: Number(row.open),
    high: Number(row.high),
    low: Number(row.low),
    close: Number(row.close),
    volume: Number(row.volume),
  }));
}

/**
 * All feature rows of a cycle in one statement, keyed by (symbol, bar ts); a recomputation of the same
 * bar (a correction) replaces the values.
 */
export async function upsertFeatures(db: Queryable, rows: readonly Features[], computedAt: Date): Promise<number> {
  if (rows.length === 0) return 0;
  const col = <T>(pick: (f: Features) => T): T[] => rows.map(pick);
  const result = await db.query(
    `INSERT INTO features (symbol, ts, close, sma20, sma50, ema12, ema26, rsi14, macd, macd_signal, macd_hist,
                           bb_upper, bb_middle, bb_lower, atr14, recent_vol, baseline_vol, vol_ratio,
                           volume_current, volume_avg_20, volume_ratio, volume_surge, trend_state,
                           distance_sma20, distance_sma50, bar_count, vwap, bb_percent_b, bb_bandwidth, computed_at)
     SELECT u.*, $30::timestamptz
     FROM unnest($1::text[], $2::timestamptz[], $3::float8[], $4::float8[], $5::float8[], $6::float8[], $7::float8[],
                 $8::float8[], $9::float8[], $10::float8[], $11::float8[], $12::float8[], $13::float8[], $14::float8[],
                 $15::float8[], $16::float8[], $17::float8[], $18::float8[], $19::bigint[], $20::float8[], $21::float8[],
                 $22::boolean[], $23::smallint[], $24::float8[], $25::float8[], $26::integer[], $27::float8[],
                 $28::float8[], $29::float8[]) AS u
     ON CONFLICT (symbol, ts) DO UPDATE SET
       close = EXCLUDED.close, sma20 = EXCLUDED.sma20, sma50 = EXCLUDED.sma50, ema12 = EXCLUDED.ema12,
       ema26 = EXCLUDED.ema26, rsi14 = EXCLUDED.rsi14, macd = EXCLUDED.macd, macd_signal = EXCLUDED.macd_signal,
       macd_hist = EXCLUDED.macd_hist, bb_upper = EXCLUDED.bb_upper, bb_middle = EXCLUDED.bb_middle,
       bb_lower = EXCLUDED.bb_lower, atr14 = EXCLUDED.atr14, recent_vol = EXCLUDED.recent_vol,
       baseline_vol = EXCLUDED.baseline_vol, vol_ratio = EXCLUDED.vol_ratio, volume_current = EXCLUDED.volume_current,
       volume_avg_20 = EXCLUDED.volume_avg_20, volume_ratio = EXCLUDED.volume_ratio, volume_surge = EXCLUDED.volume_surge,
       trend_state = EXCLUDED.trend_state, distance_sma20 = EXCLUDED.distance_sma20,
       distance_sma50 = EXCLUDED.distance_sma50, bar_count = EXCLUDED.bar_count, vwap = EXCLUDED.vwap,
       bb_percent_b = EXCLUDED.bb_percent_b, bb_bandwidth = EXCLUDED.bb_bandwidth, computed_at = EXCLUDED.computed_at`,
    [
      col((f) => f.symbol), col((f) => f.ts), col((f) => f.close), col((f) => f.sma20), col((f) => f.sma50),
      col((f) => f.ema12), col((f) => f.ema26), col((f) => f.rsi14), col((f) => f.macd), col((f) => f.macd_signal),
      col((f) => f.macd_hist), col((f) => f.bb_upper), col((f) => f.bb_middle), col((f) => f.bb_lower),
      col((f) => f.atr14), col((f) => f.recent_vol), col((f) => f.baseline_vol), col((f) => f.vol_ratio),
      col((f) => Math.round(f.volume_current)), col((f) => f.volume_avg_20), col((f) => f.volume_ratio),
      col((f) => f.volume_surge), col((f) => f.trend_state), col((f) => f.distance_sma20), col((f) => f.distance_sma50),
      col((f) => f.bars_used), col((f) => f.vwap), col((f) => f.bb_percent_b), col((f) => f.bb_bandwidth), computedAt,
    ],
  );
  return result.rowCount;
}
