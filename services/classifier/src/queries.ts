import type { Queryable } from "@ops/core";
import type { SentimentLabel } from "@ops/trading";

// Typed SQL of the classifier. Tables: migrations/0002_pipeline.sql (news_articles, classifications)
// and 0004_sentiment.sql (probability columns, classification_failures). Of news_articles the
// classifier may touch only classified_at.

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
  /** Exact weights (FinBERT: ONNX sha256 prefix); null for the lexicon. */
  modelVersion: string | null;
  /** The model's class distribution; null when it gives none (lexicon). */
  probabilities: Readonly<Record<SentimentLabel, number>> | null;
}

export interface ClassificationFailureRow {
  articleId: string;
  model: string;
  modelVersion: string | null;
  error: string;
}

async function stampClassified(tx: Queryable, ids: readonly string[], classifiedAt: Date): Promise<void> {
  await tx.query(
    `UPDATE news_articles SET classified_at = $2::timestamptz WHERE article_id = ANY($1::bigint[]) AND classified_at IS NULL`,
    [ids, classifiedAt],
  );
}

/** Writes classifications and stamps their articles, both in one statement each. Returns rows inserted. */
export async function writeClassifications(tx: Queryable, rows: readonly ClassificationRow[], classifiedAt: Date): Promise<number> {
  if (rows.length === 0) return 0;
  const ids = rows.map((r) => r.articleId);
  const p = (label: SentimentLabel) => rows.map((r) => r.probabilities?.[label] ?? null);
  const inserted = await tx.query(
    `INSERT INTO classifications (article_id, label, confidence, signed_score, model, model_version, p_positive, p_negative, p_neutral, classified_at)
     SELECT a, l, c, s, m, v, pp, pn, pu, $10::timestamptz
     FROM unnest($1::bigint[], $2::text[], $3::float8[], $4::float8[], $5::text[], $6::text[], $7::float8[], $8::float8[], $9::float8[])
       AS x(a, l, c, s, m, v, pp, pn, pu)
     ON CONFLICT (article_id) DO NOTHING`,
    [
      ids, rows.map((r) => r.label), rows.map((r) => r.confidence), rows.map((r) => r.signedScore), rows.map((r) => r.model),
      rows.map((r) => r.modelVersion), p("positive"), p("negative"), p("neutral"), classifiedAt,
    ],
  );
  await stampClassified(tx, ids, classifiedAt);
  return inserted.rowCount;
}

/**
 * Records articles the model failed on (with the error) and stamps them, so they are not claimed
 * again: a failure is reported once, not retried forever, and never stored as a neutral verdict.
 */
export async function writeClassificationFailures(tx: Queryable, rows: readonly ClassificationFailureRow[], failedAt: Date): Promise<number> {
  if (rows.length === 0) return 0;
  const ids = rows.map((r) => r.articleId);
  const inserted = await tx.query(
    `INSERT INTO classification_failures (article_id, model, model_version, error, failed_at)
     SELECT a, m, v, e, $5::timestamptz FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[]) AS x(a, m, v, e)
     ON CONFLICT (article_id) DO NOTHING`,
    [ids, rows.map((r) => r.model), rows.map((r) => r.modelVersion), rows.map((r) => r.error.slice(0, 2000) || "unknown error"), failedAt],
  );
  await stampClassified(tx, ids, failedAt);
  return inserted.rowCount;
}
