import type { Db } from "@ops/core";
import { freshPgliteDb } from "@ops/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectTickerSentiment } from "../src/index.js";

const NOW = new Date("2026-03-02T15:00:00Z");
const minutesAgo = (m: number): Date => new Date(NOW.getTime() - m * 60_000);

interface Seed {
  tickers: string[];
  at: Date | null;
  fetchedAt?: Date;
  label?: "positive" | "negative" | "neutral";
  confidence?: number;
  signed?: number;
  failed?: boolean;
}

let db: Db;
let n = 0;

async function seed(s: Seed): Promise<void> {
  n += 1;
  const res = await db.query<{ id: string }>(
    `INSERT INTO news_articles (dedupe_key, title, published_at, fetched_at, tickers, classified_at)
     VALUES ($1, 'headline', $2, $3, $4, $5) RETURNING article_id::text AS id`,
    [`k${n}`, s.at, s.fetchedAt ?? s.at ?? NOW, s.tickers, NOW],
  );
  const id = res.rows[0]?.id;
  if (s.failed) {
    await db.query(`INSERT INTO classification_failures (article_id, model, error) VALUES ($1, 'm', 'boom')`, [id]);
    return;
  }
  await db.query(`INSERT INTO classifications (article_id, label, confidence, signed_score, model) VALUES ($1, $2, $3, $4, 'm')`, [
    id, s.label ?? "neutral", s.confidence ?? 0.9, s.signed ?? 0,
  ]);
}

beforeAll(async () => {
  db = await freshPgliteDb();
  await seed({ tickers: ["AAPL"], at: minutesAgo(5), label: "positive", signed: 0.8 });
  await seed({ tickers: ["AAPL", "MSFT"], at: minutesAgo(20), label: "negative", signed: -0.4, confidence: 0.6 });
  // Outside the window, in the future, a failure: none of these count.
  await seed({ tickers: ["AAPL"], at: minutesAgo(90), label: "positive", signed: 1 });
  await seed({ tickers: ["AAPL"], at: new Date(NOW.getTime() + 60_000), label: "positive", signed: 1 });
  await seed({ tickers: ["AAPL"], at: minutesAgo(1), failed: true });
  // No published_at: the fetch time places it.
  await seed({ tickers: ["MSFT"], at: null, fetchedAt: minutesAgo(2), label: "neutral", signed: 0.1 });
});
afterAll(async () => {
  await db?.close();
});

describe("selectTickerSentiment (ticker_sentiment() in migrations/0004_sentiment.sql)", () => {
  it("counts the verdicts of each symbol's articles in (since, until] with their mean signed score and newest age", async () => {
    const out = await selectTickerSentiment(db, ["AAPL", "MSFT", "TSLA"], { since: minutesAgo(60), until: NOW });
    expect(out.get("AAPL")).toMatchObject({ newsCount: 2, positive: 1, negative: 1, neutral: 0, newestAgeS: 300 });
    expect(out.get("AAPL")?.avgSignedScore).toBeCloseTo((0.8 - 0.4) / 2, 12);
    expect(out.get("MSFT")).toMatchObject({ newsCount: 2, newestAgeS: 120 });
    expect(out.get("MSFT")?.avgSignedScore).toBeCloseTo((-0.4 + 0.1) / 2, 12);
    expect(out.get("TSLA")).toEqual({ symbol: "TSLA", newsCount: 0, avgSignedScore: 0, positive: 0, negative: 0, neutral: 0, newestAt: null, newestAgeS: null });
  });

  it("counts only verdicts more confident than minConfidence", async () => {
    const out = await selectTickerSentiment(db, ["AAPL"], { since: minutesAgo(60), until: NOW, minConfidence: 0.65 });
    expect(out.get("AAPL")).toMatchObject({ newsCount: 1, avgSignedScore: 0.8 });
  });

  it("returns nothing for no symbols", async () => {
    expect((await selectTickerSentiment(db, [], { since: minutesAgo(60), until: NOW })).size).toBe(0);
  });
});

describe("classifications probability columns", () => {
  async function article(): Promise<string> {
    n += 1;
    const res = await db.query<{ id: string }>(`INSERT INTO news_articles (dedupe_key, title) VALUES ($1, 't') RETURNING article_id::text AS id`, [`p${n}`]);
    return res.rows[0]?.id as string;
  }
  const insert = async (label: string, confidence: number, signed: number, p: [number, number, number] | null) =>
    db.query(
      `INSERT INTO classifications (article_id, label, confidence, signed_score, model, p_positive, p_negative, p_neutral, model_version)
       VALUES ($1, $2, $3, $4, 'finbert-onnx-q8', $5, $6, $7, 'abc123')`,
      [await article(), label, confidence, signed, p?.[0] ?? null, p?.[1] ?? null, p?.[2] ?? null],
    );

  it("accept a distribution whose difference is the signed score and whose top class is the label", async () => {
    await expect(insert("positive", 0.7, 0.7 - 0.1, [0.7, 0.1, 0.2])).resolves.toBeDefined();
    await expect(insert("neutral", 0.6, 0, null)).resolves.toBeDefined();
  });

  it.each([
    ["an unsigned score (the seed's bug)", "negative", 0.7, 0.7, [0.1, 0.7, 0.2]],
    ["probabilities not summing to 1", "positive", 0.7, 0.6, [0.7, 0.1, 0.5]],
    ["a label that is not the top class", "neutral", 0.2, 0.6, [0.7, 0.1, 0.2]],
  ] as const)("reject %s", async (_why, label, confidence, signed, p) => {
    await expect(insert(label, confidence, signed, [...p])).rejects.toThrow(/classifications_probabilities_valid|violates check/);
  });
});
