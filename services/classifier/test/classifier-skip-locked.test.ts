import { ManualClock, openDb, type CycleContext, type Db } from "@ops/core";
import { describeWithPostgres, freshPostgresDb, type FreshPostgresDb } from "@ops/core/testing";
import type { Sentiment, SentimentModel } from "@ops/trading";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createClassifierCycle } from "../src/cycle.js";
import { captureLogs } from "./log-capture.js";
import { insertArticles } from "./seed-articles.js";

const T0 = new Date("2025-02-03T15:00:00Z");
const neutral: Sentiment = { label: "neutral", confidence: 0.7, signedScore: 0 };

describeWithPostgres("two classifiers racing on PostgreSQL (FOR UPDATE SKIP LOCKED)", (adminUrl) => {
  let fresh: FreshPostgresDb;
  let second: Db;

  beforeAll(async () => {
    fresh = await freshPostgresDb(adminUrl);
    second = await openDb(fresh.url);
    await insertArticles(
      fresh.db,
      Array.from({ length: 12 }, (_, i) => ({ title: `article ${i}`, summary: null, fetchedAt: new Date(T0.getTime() - (12 - i) * 1000) })),
    );
  });
  afterAll(async () => {
    await second?.close();
    await fresh?.cleanup();
  });

  it("the second instance takes other rows instead of waiting, and every article is classified exactly once", async () => {
    // A's first batch holds its row locks until B has classified a batch of its own. Without SKIP
    // LOCKED, B would wait for A's locks while A waits for B: the gate's timeout would then fire.
    let releaseA!: () => void;
    const bClassified = new Promise<void>((resolve) => (releaseA = resolve));
    let firstBatchOverlapped: boolean | undefined;
    const seen: string[] = [];
    const modelA: SentimentModel = {
      name: "race-a",
      classify: async (texts) => {
        seen.push(...texts);
        if (firstBatchOverlapped === undefined) {
          const timedOut = await Promise.race([bClassified.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), 5000))]);
          firstBatchOverlapped = !timedOut;
        }
        return texts.map(() => neutral);
      },
    };
    const modelB: SentimentModel = {
      name: "race-b",
      classify: async (texts) => {
        seen.push(...texts);
        releaseA();
        return texts.map(() => neutral);
      },
    };
    const config = { OPS_CLASSIFIER_BATCH_SIZE: 4, OPS_CLASSIFIER_MAX_BATCHES: 10, OPS_CLASSIFIER_MAX_TEXT_CHARS: 2000 };
    const logs = captureLogs("classifier");
    const clock = new ManualClock(T0);
    const ctx = (): CycleContext => ({ now: T0, cycleId: "race", logger: logs.logger, signal: new AbortController().signal });
    const runA = createClassifierCycle({ db: fresh.db, clock, logger: logs.logger, config, model: modelA })(ctx());
    // Let A claim its first batch before B starts.
    await new Promise((r) => setTimeout(r, 200));
    const runB = createClassifierCycle({ db: second, clock, logger: logs.logger, config, model: modelB })(ctx());
    const [a, b] = await Promise.all([runA, runB]);

    expect(firstBatchOverlapped).toBe(true);
    expect(a.claimed).toBeGreaterThan(0);
    expect(b.claimed).toBeGreaterThan(0);
    expect((a.claimed ?? 0) + (b.claimed ?? 0)).toBe(12);
    expect(new Set(seen).size).toBe(seen.length);
    const res = await fresh.db.query<{ n: number; models: string[] }>(
      `SELECT count(*)::int AS n, array_agg(DISTINCT model ORDER BY model) AS models FROM classifications`,
    );
    expect(res.rows[0]).toEqual({ n: 12, models: ["race-a", "race-b"] });
    const pending = await fresh.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM news_articles WHERE classified_at IS NULL`);
    expect(pending.rows[0]?.n).toBe(0);
  });
});
