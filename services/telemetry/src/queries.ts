import type { Queryable } from "@ops/core";
import type { BarColumns } from "./bar-columns.js";

/**
 * What telemetry fetches: the tradable universe (pinned ∪ accepted − blocked, the single source of
 * truth, seed failure 15) plus the underlying of every open or closing position, so a held name keeps
 * its marks even after it leaves the universe.
 */
export async function selectFetchUniverse(db: Queryable): Promise<string[]> {
  const result = await db.query<{ symbol: string }>(
    `SELECT symbol FROM tradable_universe
     UNION
     SELECT DISTINCT underlying FROM positions WHERE status <> 'closed'
     ORDER BY symbol`,
  );
  return result.rows.map((row) => row.symbol);
}

/**
 * Each symbol's newest stored bar (any age); symbols without one are absent. One index probe per
 * symbol (the primary key is (symbol, ts)), so it stays cheap for 10,000 symbols on a large table.
 */
export async function selectNewestBars(db: Queryable, symbols: readonly string[]): Promise<Map<string, Date>> {
  if (symbols.length === 0) return new Map();
  const result = await db.query<{ symbol: string; newest: Date | null }>(
    `SELECT s.symbol, (SELECT max(b.ts) FROM bars b WHERE b.symbol = s.symbol) AS newest
     FROM unnest($1::text[]) AS s(symbol)`,
    [symbols],
  );
  const newest = new Map<string, Date>();
  for (const row of result.rows) if (row.newest !== null) newest.set(row.symbol, row.newest);
  return newest;
}

export interface UpsertCounts {
  /** Bars that were not stored before. */
  inserted: number;
  /** Stored bars whose values changed (a corrected or completed bar). */
  corrected: number;
}

/**
 * One statement for the batch. An unchanged bar is not rewritten (the WHERE of the conflict branch),
 * so a re-fetch of the same window counts 0; `xmax = 0` tells a fresh row from an updated one.
 */
export async function upsertBars(db: Queryable, bars: BarColumns, source: string, ingestedAt: Date): Promise<UpsertCounts> {
  if (bars.symbol.length === 0) return { inserted: 0, corrected: 0 };
  const result = await db.query<{ inserted: number; corrected: number }>(
    `WITH up AS (
       INSERT INTO bars (symbol, ts, open, high, low, close, volume, source, ingested_at)
       SELECT u.symbol, u.ts, u.open, u.high, u.low, u.close, u.volume, $8, $9
       FROM unnest($1::text[], $2::timestamptz[], $3::float8[], $4::float8[], $5::float8[], $6::float8[], $7::bigint[])
         AS u(symbol, ts, open, high, low, close, volume)
       ON CONFLICT (symbol, ts) DO UPDATE SET
         open = EXCLUDED.open, high = EXCLUDED.high, low = EXCLUDED.low, close = EXCLUDED.close,
         volume = EXCLUDED.volume, source = EXCLUDED.source, ingested_at = EXCLUDED.ingested_at
       WHERE (bars.open, bars.high, bars.low, bars.close, bars.volume)
         IS DISTINCT FROM (EXCLUDED.open, EXCLUDED.high, EXCLUDED.low, EXCLUDED.close, EXCLUDED.volume)
       RETURNING (xmax = 0) AS fresh
     )
     SELECT count(*) FILTER (WHERE fresh)::int AS inserted, count(*) FILTER (WHERE NOT fresh)::int AS corrected FROM up`,
    [bars.symbol, bars.ts, bars.open, bars.high, bars.low, bars.close, bars.volume, source, ingestedAt],
  );
  const row = result.rows[0];
  return { inserted: Number(row?.inserted ?? 0), corrected: Number(row?.corrected ?? 0) };
}
