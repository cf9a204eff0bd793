import type { Queryable } from "@ops/core";
import type { NewsAggregate, WatchlistEntry, WatchlistFeatures, WatchlistMember } from "@ops/trading";

export interface WatchlistCandidateRow {
  readonly symbol: string;
  readonly featuresTs: Date;
  readonly features: WatchlistFeatures;
  readonly news: NewsAggregate;
}

interface CandidateSqlRow {
  symbol: string;
  ts: Date;
  distance_sma20: number | null;
  vol_ratio: number | null;
  trend_state: number | null;
  news_count: number | string | null;
  avg_signed: number | null;
  newest_at: Date | null;
}

/**
 * Every tradable symbol with its newest features row (at or before now) and its classified news over
 * [newsSince, now]: count, mean SIGNED score, newest article. An article counts for each ticker it
 * is tagged with; its time is published_at, or fetched_at when the feed gave none.
 */
export async function selectWatchlistCandidates(db: Queryable, now: Date, newsSince: Date): Promise<WatchlistCandidateRow[]> {
  const result = await db.query<CandidateSqlRow>(
    `SELECT u.symbol, f.ts, f.distance_sma20, f.vol_ratio, f.trend_state, n.news_count, n.avg_signed, n.newest_at
     FROM tradable_universe u
     JOIN LATERAL (
       SELECT ts, distance_sma20, vol_ratio, trend_state FROM features
       WHERE features.symbol = u.symbol AND ts <= $1 ORDER BY ts DESC LIMIT 1
     ) f ON true
     LEFT JOIN LATERAL (
       SELECT count(*) AS news_count, avg(c.signed_score) AS avg_signed,
              max(coalesce(a.published_at, a.fetched_at)) AS newest_at
       FROM news_articles a JOIN classifications c ON c.article_id = a.article_id
       WHERE a.tickers @> ARRAY[u.symbol]
         AND coalesce(a.published_at, a.fetched_at) > $2 AND coalesce(a.published_at, a.fetched_at) <= $1
     ) n ON true
     ORDER BY u.symbol`,
    [now, newsSince],
  );
  return result.rows.map((row) => {
    const count = Number(row.news_count ?? 0);
    return {
      symbol: row.symbol,
      featuresTs: row.ts,
      features: { distance_sma20: row.distance_sma20, vol_ratio: row.vol_ratio, trend_state: row.trend_state },
      news: {
        count,
        avgSignedScore: count > 0 ? Number(row.avg_signed ?? 0) : 0,
        newestAgeS: row.newest_at ? Math.max(0, (now.getTime() - row.newest_at.getTime()) / 1000) : null,
      },
    };
  });
}

export async function selectMembers(db: Queryable): Promise<WatchlistMember[]> {
  const result = await db.query<{ symbol: string; entered_at: Date | null; computed_at: Date }>(
    "SELECT symbol, entered_at, computed_at FROM watchlist WHERE in_watchlist",
  );
  return result.rows.map((row) => ({ symbol: row.symbol, enteredAt: row.entered_at ?? row.computed_at }));
}

export interface WatchlistRow {
  readonly entry: WatchlistEntry;
  readonly rank: number;
  readonly featuresTs: Date;
  readonly components: Record<string, unknown>;
  readonly reasons: readonly unknown[];
}

/** Replaces the whole table: the watchlist is the latest decision, not a history. */
export async function replaceWatchlist(db: Queryable, rows: readonly WatchlistRow[], computedAt: Date): Promise<number> {
  await db.query("DELETE FROM watchlist");
  if (rows.length === 0) return 0;
  const result = await db.query(
    `INSERT INTO watchlist (symbol, score, rank, in_watchlist, components, reasons, features_ts, entered_at, computed_at)
     SELECT u.symbol, u.score, u.rank, u.in_watchlist, u.components::jsonb, u.reasons::jsonb, u.features_ts, u.entered_at, $9
     FROM unnest($1::text[], $2::float8[], $3::integer[], $4::boolean[], $5::text[], $6::text[], $7::timestamptz[], $8::timestamptz[])
       AS u(symbol, score, rank, in_watchlist, components, reasons, features_ts, entered_at)`,
    [
      rows.map((r) => r.entry.symbol),
      rows.map((r) => r.entry.score),
      rows.map((r) => r.rank),
      rows.map((r) => r.entry.inWatchlist),
      rows.map((r) => JSON.stringify(r.components)),
      rows.map((r) => JSON.stringify(r.reasons)),
      rows.map((r) => r.featuresTs),
      rows.map((r) => r.entry.enteredAt),
      computedAt,
    ],
  );
  return result.rowCount;
}
