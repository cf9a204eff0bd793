import { ManualClock, TransientError, type CycleContext, type Db } from "@ops/core";
import { freshPgliteDb } from "@ops/core/testing";
import { lexiconSentiment, LEXICON_MODEL_NAME, type Sentiment, type SentimentModel } from "@ops/trading";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ClassifierCycleConfig } from "../src/config.js";
import { createClassifierCycle } from "../src/cycle.js";
import { captureLogs } from "./log-capture.js";
import { insertArticles } from "./seed-articles.js";

const T0 = new Date("2025-02-03T15:00:00Z");
const config: ClassifierCycleConfig = { OPS_CLASSIFIER_BATCH_SIZE: 50, OPS_CLASSIFIER_MAX_BATCHES: 20, OPS_CLASSIFIER_MAX_TEXT_CHARS: 2000 };

function context(now: Date, logger: CycleContext["logger"]): CycleContext {
  return { now, cycleId: "test-cycle", logger, signal: new AbortController().signal };
}

interface StoredClassification {
  title: string;
  label: string;
  confidence: number;
  signed_score: number;
  model: string;
  classified_at: Date;
  article_classified_at: Date | null;
}

async function classifications(db: Db): Promise<StoredClassification[]> {
  const res = await db.query<StoredClassification>(
    `SELECT a.title, c.label, c.confidence, c.signed_score, c.model, c.classified_at, a.classified_at AS article_classified_at
     FROM classifications c JOIN news_articles a USING (article_id) ORDER BY a.fetched_at, a.article_id`,
  );
  return res.rows;
}

describe("classifier cycle on PGlite", () => {
  let db: Db;
  const clock = new ManualClock(T0);
  const logs = captureLogs("classifier");

  beforeAll(async () => {
    db = await freshPgliteDb();
  });
  afterAll(async () => {
    await db?.close();
  });
  beforeEach(async () => {
    await db.query("TRUNCATE news_articles, classifications, classification_failures RESTART IDENTITY CASCADE");
    logs.lines.length = 0;
  });

  it("classifies title + summary of every unclassified article with the lexicon and stamps classified_at, in one pass", async () => {
    await insertArticles(db, [
      { title: "Acme shares soar after blowout quarter", summary: "Analysts upgrade the stock.", fetchedAt: new Date(T0.getTime() - 3000) },
      { title: "Acme plunges on fraud probe", summary: null, fetchedAt: new Date(T0.getTime() - 2000) },
      { title: "Acme reports Q3 results", summary: "The company held its call.", fetchedAt: new Date(T0.getTime() - 1000) },
    ]);
    const cycle = createClassifierCycle({ db, clock, logger: logs.logger, config });
    const counts = await cycle(context(T0, logs.logger));
    expect(counts).toEqual({ batches: 1, claimed: 3, classified: 3, failed: 0, positive: 1, negative: 1, neutral: 1 });

    const rows = await classifications(db);
    const expected = [
      lexiconSentiment("Acme shares soar after blowout quarter Analysts upgrade the stock."),
      lexiconSentiment("Acme plunges on fraud probe"),
      lexiconSentiment("Acme reports Q3 results The company held its call."),
    ];
    expect(rows.map((r) => ({ label: r.label, confidence: r.confidence, signedScore: r.signed_score }))).toEqual(expected);
    expect(rows.every((r) => r.model === LEXICON_MODEL_NAME)).toBe(true);
    expect(rows.every((r) => r.classified_at.getTime() === T0.getTime() && r.article_classified_at?.getTime() === T0.getTime())).toBe(true);

    expect(await cycle(context(T0, logs.logger))).toMatchObject({ batches: 0, claimed: 0 });
  });

  it("takes the oldest articles first, batch by batch, and stops at the batch limit", async () => {
    const titles = ["a1", "a2", "a3", "a4", "a5"];
    // Inserted newest first, so insertion order and fetch order disagree.
    await insertArticles(db, titles.map((title, i) => ({ title, summary: null, fetchedAt: new Date(T0.getTime() - (i + 1) * 60_000) })).reverse());
    await insertArticles(db, [{ title: "a0-oldest", summary: null, fetchedAt: new Date(T0.getTime() - 3_600_000) }]);
    const cycle = createClassifierCycle({ db, clock, logger: logs.logger, config: { ...config, OPS_CLASSIFIER_BATCH_SIZE: 2, OPS_CLASSIFIER_MAX_BATCHES: 2 } });
    expect(await cycle(context(T0, logs.logger))).toMatchObject({ batches: 2, claimed: 4 });
    const done = (await classifications(db)).map((r) => r.title);
    expect(done).toEqual(["a0-oldest", "a5", "a4", "a3"]);
    expect(await cycle(context(T0, logs.logger))).toMatchObject({ batches: 1, claimed: 2 });
    expect(await cycle(context(T0, logs.logger))).toMatchObject({ batches: 0, claimed: 0 });
  });

  it("records a text the model fails on as a failure with its error (not a neutral verdict), logs it, and classifies the rest", async () => {
    await insertArticles(db, [
      { title: "fine one", summary: null, fetchedAt: new Date(T0.getTime() - 2000) },
      { title: "poison pill", summary: null, fetchedAt: new Date(T0.getTime() - 1000) },
      { title: "fine two", summary: null, fetchedAt: T0 },
    ]);
    const ok: Sentiment = { label: "positive", confidence: 0.8, signedScore: 0.6 };
    let calls = 0;
    const model: SentimentModel = {
      name: "stub-v1",
      classify: async (texts) => {
        calls += 1;
        if (texts.some((t) => t.includes("poison"))) throw new Error("token limit exceeded");
        return texts.map(() => ok);
      },
    };
    const cycle = createClassifierCycle({ db, clock, logger: logs.logger, config, model });
    const counts = await cycle(context(T0, logs.logger));
    expect(counts).toMatchObject({ claimed: 3, classified: 2, failed: 1, positive: 2, neutral: 0 });
    const rows = await classifications(db);
    expect(rows.map((r) => [r.title, r.label, r.confidence, r.signed_score, r.model])).toEqual([
      ["fine one", "positive", 0.8, 0.6, "stub-v1"],
      ["fine two", "positive", 0.8, 0.6, "stub-v1"],
    ]);
    const failed = await db.query<{ title: string; model: string; error: string; failed_at: Date; classified_at: Date }>(
      `SELECT a.title, f.model, f.error, f.failed_at, a.classified_at FROM classification_failures f JOIN news_articles a USING (article_id)`,
    );
    expect(failed.rows).toEqual([{ title: "poison pill", model: "stub-v1", error: "Error: token limit exceeded", failed_at: T0, classified_at: T0 }]);
    const failures = logs.events("classification.model_failed");
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ level: "error", model: "stub-v1", error: "Error: token limit exceeded" });
    const poisonId = await db.query<{ id: number }>(`SELECT article_id AS id FROM news_articles WHERE title = 'poison pill'`);
    expect(String(failures[0]?.article_id)).toBe(String(poisonId.rows[0]?.id));
    // Not retried forever: the next cycle has nothing to claim and never calls the model.
    const before = calls;
    expect(await cycle(context(T0, logs.logger))).toMatchObject({ claimed: 0 });
    expect(calls).toBe(before);
  });

  it("rolls the batch back and fails the cycle with a TransientError when the model fails on every text", async () => {
    await insertArticles(db, [
      { title: "one", summary: null, fetchedAt: T0 },
      { title: "two", summary: null, fetchedAt: T0 },
    ]);
    const down: SentimentModel = { name: "down", classify: async () => { throw new Error("model files not found"); } };
    const cycle = createClassifierCycle({ db, clock, logger: logs.logger, config, model: down });
    await expect(cycle(context(T0, logs.logger))).rejects.toBeInstanceOf(TransientError);
    expect(await classifications(db)).toEqual([]);
    expect((await db.query(`SELECT 1 FROM classification_failures`)).rowCount).toBe(0);
    const pending = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM news_articles WHERE classified_at IS NULL`);
    expect(pending.rows[0]?.n).toBe(2);
  });

  it("a single new article during a model outage is retried, not marked failed; a text that keeps failing is recorded after three tries", async () => {
    await insertArticles(db, [{ title: "only one", summary: null, fetchedAt: T0 }]);
    let up = false;
    const flaky: SentimentModel = {
      name: "flaky",
      classify: async (texts) => {
        if (!up) throw new Error("onnxruntime: out of memory");
        return texts.map(() => ({ label: "positive", confidence: 0.8, signedScore: 0.6 }));
      },
    };
    const cycle = createClassifierCycle({ db, clock, logger: logs.logger, config, model: flaky });
    await expect(cycle(context(T0, logs.logger))).rejects.toBeInstanceOf(TransientError);
    expect((await db.query(`SELECT 1 FROM classification_failures`)).rowCount).toBe(0);
    up = true;
    expect(await cycle(context(T0, logs.logger))).toMatchObject({ claimed: 1, classified: 1, failed: 0 });

    await insertArticles(db, [{ title: "always fails", summary: null, fetchedAt: T0 }]);
    up = false;
    await expect(cycle(context(T0, logs.logger))).rejects.toBeInstanceOf(TransientError);
    await expect(cycle(context(T0, logs.logger))).rejects.toBeInstanceOf(TransientError);
    expect(await cycle(context(T0, logs.logger))).toMatchObject({ claimed: 1, classified: 0, failed: 1 });
    expect((await db.query(`SELECT 1 FROM classification_failures`)).rowCount).toBe(1);
  });

  it("keeps an existing classification (ON CONFLICT DO NOTHING) and still stamps the article", async () => {
    const [id] = await insertArticles(db, [{ title: "Shares soar", summary: null, fetchedAt: T0 }]);
    await db.query(`INSERT INTO classifications (article_id, label, confidence, signed_score, model) VALUES ($1, 'negative', 0.9, -0.9, 'earlier')`, [id]);
    const counts = await createClassifierCycle({ db, clock, logger: logs.logger, config })(context(T0, logs.logger));
    expect(counts).toMatchObject({ claimed: 1, classified: 0 });
    const rows = await classifications(db);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ model: "earlier", label: "negative" });
    expect(rows[0]?.article_classified_at?.getTime()).toBe(T0.getTime());
  });
});
