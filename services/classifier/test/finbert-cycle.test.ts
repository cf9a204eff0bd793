import { ManualClock, type CycleContext, type Db } from "@ops/core";
import { softmax } from "@ops/sentiment";
import { freshPgliteDb } from "@ops/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSentimentModel, type ModelChoice } from "../src/build-model.js";
import { createClassifierCycle } from "../src/cycle.js";
import { captureLogs } from "./log-capture.js";
import { insertArticles } from "./seed-articles.js";
import { useTinyModelDirs } from "./tiny-model.js";

const T0 = new Date("2025-02-03T15:00:00Z");
const tinyModelDir = useTinyModelDirs();

interface Row {
  title: string;
  label: string;
  confidence: number;
  signed_score: number;
  p_positive: number;
  p_negative: number;
  p_neutral: number;
  model: string;
  model_version: string;
}

describe("classifier cycle with the FinBERT path (generated ONNX model) on PGlite", () => {
  let db: Db;
  let choice: ModelChoice;
  const logs = captureLogs("classifier");
  const ctx = (): CycleContext => ({ now: T0, cycleId: "c", logger: logs.logger, signal: new AbortController().signal });

  beforeAll(async () => {
    db = await freshPgliteDb();
    choice = await buildSentimentModel(
      {
        OPS_CLASSIFIER_MODEL: "finbert",
        OPS_CLASSIFIER_MODEL_DIR: await tinyModelDir({ poisonWord: "poison" }),
        OPS_CLASSIFIER_MODEL_DTYPE: "q8",
        OPS_CLASSIFIER_INFERENCE_BATCH: 2,
        OPS_CLASSIFIER_MAX_LENGTH: 512,
      },
      logs.logger,
    );
  });
  afterAll(async () => {
    await choice?.dispose();
    await db?.close();
  });

  it("stores label, the three probabilities, p(pos) − p(neg), model name and version; a text the model throws on is marked failed", async () => {
    await insertArticles(db, [
      { title: "Acme shares soar", summary: null, fetchedAt: new Date(T0.getTime() - 4000) },
      { title: "Acme shares plunge", summary: "plunge", fetchedAt: new Date(T0.getTime() - 3000) },
      { title: "Acme holds the meeting", summary: null, fetchedAt: new Date(T0.getTime() - 2000) },
      { title: "Acme poison", summary: null, fetchedAt: new Date(T0.getTime() - 1000) },
      { title: "Acme soar plunge", summary: "soar", fetchedAt: T0 },
    ]);
    const cycle = createClassifierCycle({ db, clock: new ManualClock(T0), logger: logs.logger, config: { OPS_CLASSIFIER_BATCH_SIZE: 10, OPS_CLASSIFIER_MAX_BATCHES: 5, OPS_CLASSIFIER_MAX_TEXT_CHARS: 2000 }, model: choice.model });
    expect(await cycle(ctx())).toMatchObject({ claimed: 5, classified: 4, failed: 1, positive: 2, negative: 1, neutral: 1 });

    const rows = (
      await db.query<Row>(
        `SELECT a.title, c.label, c.confidence, c.signed_score, c.p_positive, c.p_negative, c.p_neutral, c.model, c.model_version
         FROM classifications c JOIN news_articles a USING (article_id) ORDER BY a.fetched_at`,
      )
    ).rows;
    expect(rows.map((r) => [r.title, r.label])).toEqual([
      ["Acme shares soar", "positive"],
      ["Acme shares plunge", "negative"],
      ["Acme holds the meeting", "neutral"],
      ["Acme soar plunge", "positive"],
    ]);
    for (const r of rows) {
      expect(r.model).toBe("finbert-onnx-q8");
      expect(r.model_version).toBe(choice.model.version);
      expect(r.p_positive + r.p_negative + r.p_neutral).toBeCloseTo(1, 6);
      expect(r.signed_score).toBe(r.p_positive - r.p_negative);
      expect(r.confidence).toBe(Math.max(r.p_positive, r.p_negative, r.p_neutral));
    }
    // Title + summary: "plunge" twice → logits [0, 6, 0].
    const twice = softmax([0, 6, 0]);
    expect(rows[1]?.p_negative).toBeCloseTo(twice[1] as number, 5);
    expect(rows[1]?.signed_score).toBeCloseTo((twice[0] as number) - (twice[1] as number), 5);
    // "soar plunge" + "soar": two positive cues against one negative.
    const mixed = softmax([6, 3, 0]);
    expect(rows[3]?.signed_score).toBeCloseTo((mixed[0] as number) - (mixed[1] as number), 5);

    const failed = await db.query<{ title: string; model: string; model_version: string; error: string }>(
      `SELECT a.title, f.model, f.model_version, f.error FROM classification_failures f JOIN news_articles a USING (article_id)`,
    );
    expect(failed.rows).toHaveLength(1);
    expect(failed.rows[0]).toMatchObject({ title: "Acme poison", model: "finbert-onnx-q8", model_version: choice.model.version });
    expect(failed.rows[0]?.error).toMatch(/out of data bounds/);
    expect(logs.events("classification.model_failed")).toHaveLength(1);
    expect(await cycle(ctx())).toMatchObject({ claimed: 0 });
  });
});
