import type { Queryable } from "@ops/core";
import type { SentimentLabel } from "@ops/trading";

// Typed SQL of the classifier. Tables: migrations/0002_pipeline.sql (news_articles, classifications).
// The classifier may touch only news_articles.classified_at.

export interface ClaimedArticle {
  /** bigint, kept as text so ids never lose precision. */
  articleId: string;
  title: string;
  summary: string | null;
}

/**
 * Locks up to `limit` unclassified articles, oldest fetch first. SKIP LOCKED lets a second classifier
 * take the next rows instead of waiting (PostgreSQL; PGlite is one backend, so it cannot race).
 * Must run inside the transaction that writes the results.
 */
export async function claimUnclassifiedArticles(tx: Queryable, limit: number): Promise<ClaimedArticle[]> {
  const res = await tx.query<{ article_id: string; title: string; summary: string | null }>(
    `SELECT article_id::text AS article_id, title, summary
     FROM news_articles
     WHERE classified_at IS NULL
     ORDER BY fetched_at, article_id
     LIMIT $1
     FOR UPDATE SKIP LOCKED`,
    [limit],
  );
  return res.rows.map((r) => ({ articleId: r.article_id, title: r.title, summary: r.summary }));
}

export interface ClassificationRow {
  articleId: string;
  label: SentimentLabel;
  confidence: number;
  signedScore: number;
  model: string;
}

/** Writes classifications and stamps their articles, both in one statement each. Returns rows inserted. */
export async function writeClassifications(tx: Queryable, rows: readonly ClassificationRow[], classifiedAt: Date): Promise<number> {
  if (rows.length === 0) return 0;
  const ids = rows.map((r) => r.articleId);
  const inserted = await tx.query(
    `INSERT INTO classifications (article_id, label, confidence, signed_score, model, classified_at)
     SELECT a, l, c, s, m, $6::timestamptz
     FROM unnest($1::bigint[], $2::text[], $3::float8[], $4::float8[], $5::text[]) AS x(a, l, c, s, m)
     ON CONFLICT (article_id) DO NOTHING`,
    [ids, rows.map((r) => r.label), rows.map((r) => r.confidence), rows.map((r) => r.signedScore), rows.map((r) => r.model), classifiedAt],
  );
  await tx.query(
    `UPDATE news_articles SET classified_at = $2::timestamptz WHERE article_id = ANY($1::bigint[]) AND classified_at IS NULL`,
    [ids, classifiedAt],
  );
  return inserted.rowCount;
}
