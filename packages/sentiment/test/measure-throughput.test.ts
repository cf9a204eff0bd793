import { LEXICON_MODEL_NAME, type SentimentModel } from "@ops/trading";
import { describe, expect, it } from "vitest";
import { formatThroughput, measureThroughput } from "../src/index.js";
import { runSentimentBenchmark } from "../src/bench/index.js";

describe("measureThroughput", () => {
  it("warms up once, then times `rounds` passes in batches of batchSize", async () => {
    const calls: number[] = [];
    const model: SentimentModel = { name: "counting", classify: async (texts) => (calls.push(texts.length), texts.map(() => ({ label: "neutral", confidence: 1, signedScore: 0 }))) };
    const r = await measureThroughput(model, ["a", "b", "c", "d", "e"], { batchSize: 2, rounds: 2 });
    expect(calls).toEqual([2, 2, 1, 2, 2, 1, 2, 2, 1]);
    expect(r.texts).toBe(10);
    expect(r.textsPerSecond).toBeCloseTo(10 / r.seconds, 6);
    expect(formatThroughput(r)).toMatch(/^counting\s+\d+ headlines\/s/);
  });
});

describe("runSentimentBenchmark", () => {
  it("measures the lexicon and the ONNX path on a generated model, and says why a real model was skipped", async () => {
    const lines: string[] = [];
    const results = await runSentimentBenchmark({ rounds: 1, modelDir: "/nonexistent/finbert", print: (l) => lines.push(l) });
    expect(results.map((r) => r.model)).toEqual([LEXICON_MODEL_NAME, "tiny-bert-onnx-q8"]);
    expect(results.every((r) => r.textsPerSecond > 0)).toBe(true);
    expect(lines.some((l) => l.startsWith("real model: not measured") && l.includes("does not exist"))).toBe(true);
  });
});
