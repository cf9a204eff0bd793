import type { Queryable } from "@ops/core";

export interface TickerSentimentWindow {
  /** Exclusive start of the window. */
  since: Date;
  /** Inclusive end of the window (the cycle's "now"). */
  until: Date;
  /** Only verdicts with confidence strictly above this count (default 0; the signal engine uses 0.65). */
  minConfidence?: number;
}

export interface TickerSentiment {
  symbol: string;
  newsCount: number;
  /** Mean signed score in [-1, 1]; 0 without news. */
  avgSignedScore: number;
  positive: number;
  negative: number;
  neutral: number;
  newestAt: Date | null;
  /** Seconds from the newest article to `until`; null without news. */
  newestAgeS: number | null;
}

interface Row {
  symbol: string;
  news_count: string | number;
  avg_signed_score: number | null;
  positive_count: string | number;
  negative_count: string | number;
  neutral_count: string | number;
  newest_at: Date | string | null;
}

/**
 * News sentiment per symbol over a window, through the ticker_sentiment() SQL function
 * (migrations/0004_sentiment.sql), so the watchlist and the signal engine count the same articles.
 * Every requested symbol gets an entry, with zero counts when it had no news.
 */
export async function selectTickerSentiment(db: Queryable, symbols: readonly string[], window: TickerSentimentWindow): Promise<Map<string, TickerSentiment>> {
  const out = new Map<string, TickerSentiment>();
  if (symbols.length === 0) return out;
  const result = await db.query<Row>(
    `SELECT s.symbol, t.news_count, t.avg_signed_score, t.positive_count, t.negative_count, t.neutral_count, t.newest_at
     FROM unnest($1::text[]) AS s(symbol)
     CROSS JOIN LATERAL ticker_sentiment(s.symbol, $2::timestamptz, $3::timestamptz, $4::float8) t`,
    [[...new Set(symbols)], window.since, window.until, window.minConfidence ?? 0],
  );
  for (const row of result.rows) {
    const count = Number(row.news_count);
    const newestAt = row.newest_at === null ? null : new Date(row.newest_at);
    out.set(row.symbol, {
      symbol: row.symbol,
      newsCount: count,
      avgSignedScore: count > 0 ? Number(row.avg_signed_score ?? 0) : 0,
      positive: Number(row.positive_count),
      negative: Number(row.negative_count),
      neutral: Number(row.neutral_count),
      newestAt,
      newestAgeS: newestAt === null ? null : Math.max(0, (window.until.getTime() - newestAt.getTime()) / 1000),
    });
  }
  return out;
}
