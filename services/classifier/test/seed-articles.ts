import type { Queryable } from "@ops/core";

export interface SeedArticle {
  title: string;
  summary: string | null;
  fetchedAt: Date;
}

/** Inserts articles as the news service would (unclassified); returns their ids in input order. */
export async function insertArticles(db: Queryable, articles: readonly SeedArticle[]): Promise<string[]> {
  const ids: string[] = [];
  for (const a of articles) {
    const res = await db.query<{ id: string }>(
      `INSERT INTO news_articles (dedupe_key, title, summary, fetched_at) VALUES (md5(random()::text || clock_timestamp()::text), $1, $2, $3)
       RETURNING article_id::text AS id`,
      [a.title, a.summary, a.fetchedAt],
    );
    ids.push(res.rows[0]?.id as string);
  }
  return ids;
}
