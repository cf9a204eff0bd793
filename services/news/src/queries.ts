import type { Queryable } from "@ops/core";
import type { ArticleRow } from "./build-article-rows.js";

// Typed SQL of the news service. Tables: migrations/0002_pipeline.sql (news_feeds, news_articles,
// tradable_universe). Writes are one statement per cycle each (unnest), never row by row.
// news_articles.published_at_estimated: migrations/0011_news_published_estimated.sql.

export interface FeedRow {
  feedId: number;
  url: string;
  etag: string | null;
  lastModified: string | null;
  consecutiveFailures: number;
  lastPolledAt: Date | null;
}

export const FEED_OUTCOMES = ["fetched", "not_modified", "failed"] as const;
export type FeedOutcome = (typeof FEED_OUTCOMES)[number];

export interface FeedStateUpdate {
  feedId: number;
  outcome: FeedOutcome;
  /** Channel title from a successful parse. */
  name: string | null;
  /** Response validators; stored only for `fetched`. */
  etag: string | null;
  lastModified: string | null;
  /** Newest item publish time of this fetch. */
  maxPublishedAt: Date | null;
  error: string | null;
}

/** Adds configured feeds that are not in news_feeds yet (existing rows, and their enabled flag, are kept). */
export async function seedFeeds(db: Queryable, feeds: ReadonlyArray<{ url: string; name: string }>, now: Date): Promise<number> {
  if (feeds.length === 0) return 0;
  const res = await db.query(
    `INSERT INTO news_feeds (url, name, created_at, updated_at)
     SELECT u, n, $3::timestamptz, $3::timestamptz FROM unnest($1::text[], $2::text[]) AS x(u, n)
     ON CONFLICT (url) DO NOTHING`,
    [feeds.map((f) => f.url), feeds.map((f) => f.name), now],
  );
  return res.rowCount;
}

export async function selectEnabledFeeds(db: Queryable): Promise<FeedRow[]> {
  const res = await db.query<{
    feed_id: number; url: string; etag: string | null; last_modified: string | null; consecutive_failures: number; last_polled_at: Date | null;
  }>(
    `SELECT feed_id::int AS feed_id, url, etag, last_modified, consecutive_failures, last_polled_at
     FROM news_feeds WHERE enabled ORDER BY feed_id`,
  );
  return res.rows.map((r) => ({
    feedId: Number(r.feed_id), url: r.url, etag: r.etag, lastModified: r.last_modified,
    consecutiveFailures: Number(r.consecutive_failures), lastPolledAt: r.last_polled_at,
  }));
}

export async function selectTradableSymbols(db: Queryable): Promise<string[]> {
  const res = await db.query<{ symbol: string }>(`SELECT symbol FROM tradable_universe ORDER BY symbol`);
  return res.rows.map((r) => r.symbol);
}

export interface InsertedArticle {
  articleId: number;
  feedId: number;
  dedupeKey: string;
}

/**
 * Stored articles whose published_at was an estimate take the real publish time a new sighting of the
 * same dedupe key carries, and lose the flag. Only estimated rows and only real times qualify, so a
 * real time is never replaced, least of all by a guess. Returns how many rows were corrected.
 */
export async function correctEstimatedPublishTimes(db: Queryable, rows: readonly ArticleRow[]): Promise<number> {
  const dated = rows.filter((r) => !r.publishedEstimated);
  if (dated.length === 0) return 0;
  const res = await db.query(
    `UPDATE news_articles a SET published_at = x.p, published_at_estimated = false
     FROM unnest($1::text[], $2::timestamptz[]) AS x(d, p)
     WHERE a.dedupe_key = x.d AND a.published_at_estimated`,
    [dated.map((r) => r.dedupeKey), dated.map((r) => r.publishedAt.toISOString())],
  );
  return res.rowCount;
}

/**
 * Inserts new articles in one statement; rows whose dedupe key exists (from any feed) are skipped
 * (correctEstimatedPublishTimes handles the one thing a re-sighting may change).
 * Returns the id and feed of each row actually inserted (per-feed counts, the wake-up payload).
 */
export async function insertArticles(db: Queryable, rows: readonly ArticleRow[], fetchedAt: Date): Promise<InsertedArticle[]> {
  if (rows.length === 0) return [];
  const res = await db.query<{ article_id: number; feed_id: number; dedupe_key: string }>(
    `INSERT INTO news_articles (dedupe_key, feed_id, url, guid, title, summary, published_at, published_at_estimated, fetched_at, tickers)
     SELECT d, f, u, g, t, s, p, e, $8::timestamptz, CASE WHEN k = '' THEN '{}'::text[] ELSE string_to_array(k, ',') END
     FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $9::text[], $10::boolean[])
       AS x(d, f, u, g, t, s, p, k, e)
     ON CONFLICT (dedupe_key) DO NOTHING
     RETURNING article_id::bigint AS article_id, feed_id::int AS feed_id, dedupe_key`,
    [
      rows.map((r) => r.dedupeKey),
      rows.map((r) => r.feedId),
      rows.map((r) => r.url),
      rows.map((r) => r.guid),
      rows.map((r) => r.title),
      rows.map((r) => r.summary),
      rows.map((r) => r.publishedAt.toISOString()),
      fetchedAt,
      // Tickers never contain commas (universe symbols are [A-Z0-9.]), so a joined string is a safe
      // carrier for a jagged text[][] that unnest could not take.
      rows.map((r) => r.tickers.join(",")),
      rows.map((r) => r.publishedEstimated),
    ],
  );
  return res.rows.map((r) => ({ articleId: Number(r.article_id), feedId: Number(r.feed_id), dedupeKey: r.dedupe_key }));
}

/** Records each polled feed's outcome: validators, success/failure bookkeeping, newest publish time. */
export async function updateFeedStates(db: Queryable, updates: readonly FeedStateUpdate[], now: Date): Promise<void> {
  if (updates.length === 0) return;
  await db.query(
    `UPDATE news_feeds f SET
       name = COALESCE(x.name, f.name),
       etag = CASE WHEN x.outcome = 'fetched' THEN x.etag ELSE f.etag END,
       last_modified = CASE WHEN x.outcome = 'fetched' THEN x.last_modified ELSE f.last_modified END,
       last_polled_at = $8::timestamptz,
       last_success_at = CASE WHEN x.outcome = 'failed' THEN f.last_success_at ELSE $8::timestamptz END,
       last_published_at = GREATEST(f.last_published_at, x.max_published),
       last_error = CASE WHEN x.outcome = 'failed' THEN x.error ELSE NULL END,
       consecutive_failures = CASE WHEN x.outcome = 'failed' THEN f.consecutive_failures + 1 ELSE 0 END,
       updated_at = $8::timestamptz
     FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::text[])
       AS x(feed_id, outcome, name, etag, last_modified, max_published, error)
     WHERE f.feed_id = x.feed_id`,
    [
      updates.map((u) => u.feedId),
      updates.map((u) => u.outcome),
      updates.map((u) => u.name),
      updates.map((u) => u.etag),
      updates.map((u) => u.lastModified),
      updates.map((u) => (u.maxPublishedAt ? u.maxPublishedAt.toISOString() : null)),
      updates.map((u) => u.error),
      now,
    ],
  );
}
