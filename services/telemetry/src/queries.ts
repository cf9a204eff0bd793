import type { Queryable } from "@ops/core";
import type { BarColumns } from "./bar-columns.js";

/** The tradable universe (the single source of truth for what is fetched, seed failure 15). */
export async function selectUniverse(db: Queryable): Promise<string[]> {
  const result = await db.query<{ symbol: string }>("SELECT symbol FROM tradable_universe ORDER BY symbol");
  return result.rows.map((row) => row.symbol);
}

/** Each symbol's newest stored bar at or after `since`; symbols without one are absent. */
export async function selectNewestBarsInWindow(
  db: Queryable,
  symbols: readonly string[],
  since: Date,
): Promise<Map<string, Date>> {
  const result = await db.query<{ symbol: string; newest: Date }>(
    `SELECT symbol, max(ts) AS newest FROM bars
     WHERE symbol = ANY($1::text[]) AND ts >= $2
     GROUP BY symbol`,
    [symbols, since],
  );
  return new Map(result.rows.map((row) => [row.symbol, row.newest]));
}

/**
 * One statement for the whole batch. Unchanged bars are not rewritten (the WHERE on the conflict
 * branch), so the returned count is "bars inserted or corrected" and a re-fetch of the same window
 * reports 0.
 */
export async function upsertBars(db: Queryable, bars: BarColumns, source: string, ingestedAt: Date): Promise<number> {
  if (bars.symbol.length === 0) return 0;
  const result = await db.query(
    `INSERT INTO bars (symbol, ts, open, high, low, close, volume, source, ingested_at)
     SELECT u.symbol, u.ts, u.open, u.high, u.low, u.close, u.volume, $8, $9
     FROM unnest($1::text[], $2::timestamptz[], $3::float8[], $4::float8[], $5::float8[], $6::float8[], $7::bigint[])
       AS u(symbol, ts, open, high, low, close, volume)
     ON CONFLICT (symbol, ts) DO UPDATE SET
       open = EXCLUDED.open, high = EXCLUDED.high, low = EXCLUDED.low, close = EXCLUDED.close,
       volume = EXCLUDED.volume, source = EXCLUDED.source, ingested_at = EXCLUDED.ingested_at
     WHERE (bars.open, bars.high, bars.low, bars.close, bars.volume)
       IS DISTINCT FROM (EXCLUDED.open, EXCLUDED.high, EXCLUDED.low, EXCLUDED.close, EXCLUDED.volume)`,
    [bars.symbol, bars.ts, bars.open, bars.high, bars.low, bars.close, bars.volume, source, ingestedAt],
  );
  return result.rowCount;
}
