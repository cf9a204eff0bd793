import type { Queryable } from "@ops/core";
import type { PreviousSession, SentimentSummary } from "@ops/trading";

/** The features columns a recommendation is computed from and snapshots. */
export interface FeatureSnapshot {
  readonly symbol: string;
  readonly ts: Date;
  readonly close: number | null;
  readonly sma20: number | null;
  readonly sma50: number | null;
  readonly distance_sma20: number | null;
  readonly distance_sma50: number | null;
  readonly trend_state: number | null;
  readonly vol_ratio: number | null;
  readonly volume_ratio: number | null;
  readonly volume_surge: boolean | null;
  readonly rsi14: number | null;
  readonly atr14: number | null;
  readonly macd_hist: number | null;
  readonly bb_percent_b: number | null;
}

export interface SignalInputRow {
  readonly symbol: string;
  readonly rank: number;
  readonly features: FeatureSnapshot | null;
  readonly sentiment: SentimentSummary;
  readonly lastRecAt: Date | null;
}

interface SqlRow {
  symbol: string;
  rank: number;
  ts: Date | null;
  close: number | null;
  sma20: number | null;
  sma50: number | null;
  distance_sma20: number | null;
  distance_sma50: number | null;
  trend_state: number | null;
  vol_ratio: number | null;
  volume_ratio: number | null;
  volume_surge: boolean | null;
  rsi14: number | null;
  atr14: number | null;
  macd_hist: number | null;
  bb_percent_b: number | null;
  news_count: number | string;
  avg_signed: number | null;
  positive: number | string;
  negative: number | string;
  last_rec_at: Date | null;
}

export interface SignalWindow {
  readonly now: Date;
  readonly sentimentSince: Date;
  readonly minNewsConfidence: number;
  readonly cooldownSince: Date;
}

/**
 * Everything the engine needs per watchlist member in ONE query: newest features at or before now,
 * confident signed news over the window, and the newest recommendation inside the cooldown window.
 */
export async function selectSignalInputs(db: Queryable, w: SignalWindow): Promise<SignalInputRow[]> {
  const result = await db.query<SqlRow>(
    `SELECT wl.symbol, wl.rank,
            f.ts, f.close, f.sma20, f.sma50, f.distance_sma20, f.distance_sma50, f.trend_state, f.vol_ratio,
            f.volume_ratio, f.volume_surge, f.rsi14, f.atr14, f.macd_hist, f.bb_percent_b,
            s.news_count, s.avg_signed, s.positive, s.negative, r.last_rec_at
     FROM watchlist wl
     LEFT JOIN LATERAL (
       SELECT ts, close, sma20, sma50, distance_sma20, distance_sma50, trend_state, vol_ratio, volume_ratio,
              volume_surge, rsi14, atr14, macd_hist, bb_percent_b
       FROM features WHERE features.symbol = wl.symbol AND ts <= $1 ORDER BY ts DESC LIMIT 1
     ) f ON true
     LEFT JOIN LATERAL (
       SELECT count(*) AS news_count, avg(c.signed_score) AS avg_signed,
              count(*) FILTER (WHERE c.label = 'positive') AS positive,
              count(*) FILTER (WHERE c.label = 'negative') AS negative
       FROM news_articles a JOIN classifications c ON c.article_id = a.article_id
       WHERE a.tickers @> ARRAY[wl.symbol] AND c.confidence > $3
         AND coalesce(a.published_at, a.fetched_at) > $2 AND coalesce(a.published_at, a.fetched_at) <= $1
     ) s ON true
     LEFT JOIN LATERAL (
       SELECT max(created_at) AS last_rec_at FROM recommendations
       WHERE recommendations.symbol = wl.symbol AND created_at > $4
     ) r ON true
     WHERE wl.in_watchlist
     ORDER BY wl.rank, wl.symbol`,
    [w.now, w.sentimentSince, w.minNewsConfidence, w.cooldownSince],
  );
  return result.rows.map((row) => {
    const count = Number(row.news_count);
    return {
      symbol: row.symbol,
      rank: row.rank,
      features: row.ts === null ? null : {
        symbol: row.symbol, ts: row.ts, close: row.close, sma20: row.sma20, sma50: row.sma50,
        distance_sma20: row.distance_sma20, distance_sma50: row.distance_sma50, trend_state: row.trend_state,
        vol_ratio: row.vol_ratio, volume_ratio: row.volume_ratio, volume_surge: row.volume_surge,
        rsi14: row.rsi14, atr14: row.atr14, macd_hist: row.macd_hist, bb_percent_b: row.bb_percent_b,
      },
      sentiment: {
        count,
        avgSignedScore: count > 0 ? Number(row.avg_signed ?? 0) : 0,
        positive: Number(row.positive),
        negative: Number(row.negative),
      },
      lastRecAt: row.last_rec_at,
    };
  });
}

/**
 * The previous trading day's regular session per symbol: open of its first bar, close of its last
 * (the gap fade's reference; the seed used one 1-minute bar at a fixed UTC time).
 */
export async function selectPreviousSessions(
  db: Queryable,
  symbols: readonly string[],
  open: Date,
  close: Date,
): Promise<Map<string, PreviousSession>> {
  if (symbols.length === 0) return new Map();
  const result = await db.query<{ symbol: string; open: number; close: number }>(
    `SELECT symbol, (array_agg(open ORDER BY ts ASC))[1] AS open, (array_agg(close ORDER BY ts DESC))[1] AS close
     FROM bars WHERE symbol = ANY($1::text[]) AND ts >= $2 AND ts < $3
     GROUP BY symbol`,
    [symbols, open, close],
  );
  return new Map(result.rows.map((r) => [r.symbol, { open: r.open, close: r.close }]));
}

export interface RecommendationRow {
  readonly symbol: string;
  readonly action: string;
  readonly instrumentType: string;
  readonly strategyType: string;
  readonly confidence: number;
  readonly signalTs: Date;
  readonly expiresAt: Date;
  readonly reason: unknown;
  readonly featuresSnapshot: unknown;
  readonly sentimentSnapshot: unknown;
}

/**
 * One statement for the cycle's recommendations. ON CONFLICT DO NOTHING on (symbol, signal_ts,
 * action): a restarted engine recomputing the same features cannot emit the same signal twice.
 * Returns only the rows actually written.
 */
export async function insertRecommendations(
  db: Queryable,
  rows: readonly RecommendationRow[],
  createdAt: Date,
): Promise<Array<{ rec_id: number; symbol: string }>> {
  if (rows.length === 0) return [];
  const result = await db.query<{ rec_id: number | string; symbol: string }>(
    `INSERT INTO recommendations (symbol, action, instrument_type, strategy_type, confidence, signal_ts, created_at,
                                  expires_at, reason, features_snapshot, sentiment_snapshot)
     SELECT u.symbol, u.action, u.instrument_type, u.strategy_type, u.confidence, u.signal_ts, $11, u.expires_at,
            u.reason::jsonb, u.features_snapshot::jsonb, u.sentiment_snapshot::jsonb
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::timestamptz[], $7::timestamptz[],
                 $8::text[], $9::text[], $10::text[])
       AS u(symbol, action, instrument_type, strategy_type, confidence, signal_ts, expires_at, reason,
            features_snapshot, sentiment_snapshot)
     ON CONFLICT (symbol, signal_ts, action) DO NOTHING
     RETURNING rec_id, symbol`,
    [
      rows.map((r) => r.symbol),
      rows.map((r) => r.action),
      rows.map((r) => r.instrumentType),
      rows.map((r) => r.strategyType),
      rows.map((r) => r.confidence),
      rows.map((r) => r.signalTs),
      rows.map((r) => r.expiresAt),
      rows.map((r) => JSON.stringify(r.reason)),
      rows.map((r) => JSON.stringify(r.featuresSnapshot)),
      rows.map((r) => JSON.stringify(r.sentimentSnapshot)),
      createdAt,
    ],
  );
  return result.rows.map((r) => ({ rec_id: Number(r.rec_id), symbol: r.symbol }));
}
