import { ManualClock, openDb, type CycleContext, type Db } from "@ops/core";
import { describeWithPostgres, freshPostgresDb, type FreshPostgresDb } from "@ops/core/testing";
import { loadTransformersSentimentModel, type TransformersSentimentModel } from "@ops/sentiment";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { ClassifierModel } from "../src/cycle.js";
import { createClassifierCycle } from "../src/cycle.js";
import { captureLogs } from "./log-capture.js";
import { useTinyModelDirs } from "./tiny-model.js";

const T0 = new Date("2025-02-03T15:00:00Z");
const ARTICLES = 1000;
const tinyModelDir = useTinyModelDirs();

/** Records every text the model is asked about, so a second look at any article is visible. */
function recording(model: TransformersSentimentModel, seen: string[]): ClassifierModel {
  return {
    name: model.name,
    version: model.version,
    classify: async (texts) => {
      seen.push(...texts);
      return model.classify(texts);
    },
  };
}

describeWithPostgres("two classifier instances on PostgreSQL share 1,000 articles (FOR UPDATE SKIP LOCKED)", (adminUrl) => {
  let fresh: FreshPostgresDb;
  let second: Db;
  const models: TransformersSentimentModel[] = [];

  beforeAll(async () => {
    fresh = await freshPostgresDb(adminUrl);
    second = await openDb(fresh.url);
    await fresh.db.query(
      `INSERT INTO news_articles (dedupe_key, title, summary, fetched_at)
       SELECT 'k' || i, 'Acme article ' || i || CASE i % 3 WHEN 0 THEN ' shares soar' WHEN 1 THEN ' shares plunge' ELSE ' meeting' END,
              NULL, $1::timestamptz - make_interval(secs => $2 - i)
       FROM generate_series(1, $2) AS i`,
      [T0, ARTICLES],
    );
    const dir = await tinyModelDir();
    // Each instance loads its own copy of the model, as two processes would.
    models.push(await loadTransformersSentimentModel({ dir, batchSize: 16 }), await loadTransformersSentimentModel({ dir, batchSize: 16 }));
  });
  afterAll(async () => {
    await Promise.all(models.map((m) => m.dispose()));
    await second?.close();
    await fresh?.cleanup();
  });

  it("classifies every article exactly once through the FinBERT path, with both instances doing part of the work", async () => {
    const seenA: string[] = [];
    const seenB: string[] = [];
    const config = { OPS_CLASSIFIER_BATCH_SIZE: 20, OPS_CLASSIFIER_MAX_BATCHES: 1000, OPS_CLASSIFIER_MAX_TEXT_CHARS: 2000 };
    const logs = captureLogs("classifier");
    const clock = new ManualClock(T0);
    const ctx = (id: string): CycleContext => ({ now: T0, cycleId: id, logger: logs.logger, signal: new AbortController().signal });
    const [a, b] = await Promise.all([
      createClassifierCycle({ db: fresh.db, clock, logger: logs.logger, config, model: recording(models[0] as TransformersSentimentModel, seenA) })(ctx("a")),
      createClassifierCycle({ db: second, clock, logger: logs.logger, config, model: recording(models[1] as TransformersSentimentModel, seenB) })(ctx("b")),
    ]);

    expect(a.claimed).toBeGreaterThan(0);
    expect(b.claimed).toBeGreaterThan(0);
    expect((a.claimed ?? 0) + (b.claimed ?? 0)).toBe(ARTICLES);
    expect((a.failed ?? 0) + (b.failed ?? 0)).toBe(0);
    const seen = [...seenA, ...seenB];
    expect(seen).toHaveLength(ARTICLES);
    expect(new Set(seen).size).toBe(ARTICLES);
    expect(seenA.filter((t) => seenB.includes(t))).toEqual([]);

    const stored = await fresh.db.query<{ n: number; distinct_articles: number; with_p: number; labels: string[] }>(
      `SELECT count(*)::int AS n, count(DISTINCT article_id)::int AS distinct_articles,
              count(*) FILTER (WHERE p_positive IS NOT NULL)::int AS with_p, array_agg(DISTINCT label ORDER BY label) AS labels
       FROM classifications`,
    );
    expect(stored.rows[0]).toEqual({ n: ARTICLES, distinct_articles: ARTICLES, with_p: ARTICLES, labels: ["negative", "neutral", "positive"] });
    const pending = await fresh.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM news_articles WHERE classified_at IS NULL`);
    expect(pending.rows[0]?.n).toBe(0);
  });
});
