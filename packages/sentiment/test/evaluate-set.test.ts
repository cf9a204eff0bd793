import type { SentimentLabel, SentimentModel } from "@ops/trading";
import { describe, expect, it } from "vitest";
import { beatsMajority, confusionMatrix, evaluateModelOnSet, formatEvaluation, majorityLabel, type LabelledSet } from "../src/index.js";

const set = (labels: SentimentLabel[]): LabelledSet => ({
  name: "toy",
  source: "memory",
  labelMapping: "as given",
  examples: labels.map((label, i) => ({ text: `${label} ${i}`, label })),
  skipped: 0,
  skippedReasons: [],
});

/** Predicts the label written as the text's first word, except that it calls every negative neutral. */
const model: SentimentModel = {
  name: "echo",
  classify: async (texts) => texts.map((t) => {
    const label = t.split(" ")[0] as SentimentLabel;
    return { label: label === "negative" ? "neutral" : label, confidence: 1, signedScore: label === "positive" ? 1 : 0 };
  }),
};

describe("evaluateModelOnSet", () => {
  it("counts a confusion matrix (gold rows, predicted columns) and scores against the majority class", async () => {
    const gold: SentimentLabel[] = ["positive", "positive", "positive", "negative", "neutral"];
    const e = await evaluateModelOnSet(model, set(gold), 2);
    expect(e.n).toBe(5);
    expect(e.confusion.negative).toEqual({ positive: 0, negative: 0, neutral: 1 });
    expect(e.confusion.positive.positive).toBe(3);
    expect(e.metrics.accuracy).toBe(4 / 5);
    expect(e.majority.label).toBe("positive");
    expect(e.majority.metrics.accuracy).toBe(3 / 5);
    // F1: positive 1, negative 0, neutral 2/3 (one right, one negative taken for neutral).
    expect(e.metrics.macroF1).toBeCloseTo((1 + 0 + 2 / 3) / 3, 12);
    // Always "positive": precision 3/5, recall 1 → F1 0.75 for one label of three.
    expect(e.majority.metrics.macroF1).toBeCloseTo(0.75 / 3, 12);
    expect(beatsMajority(e)).toBe(true);
    const report = formatEvaluation(e).join("\n");
    expect(report).toContain("accuracy 0.800");
    expect(report).toContain('majority "positive": accuracy 0.600');
  });

  it("does not credit a model that only matches the majority baseline", async () => {
    const constant: SentimentModel = { name: "always-positive", classify: async (texts) => texts.map(() => ({ label: "positive", confidence: 1, signedScore: 1 })) };
    const e = await evaluateModelOnSet(constant, set(["positive", "positive", "negative"]));
    expect(e.metrics).toEqual(e.majority.metrics);
    expect(beatsMajority(e)).toBe(false);
  });

  it("fails loudly when a model returns the wrong number of results", async () => {
    const short: SentimentModel = { name: "short", classify: async () => [] };
    await expect(evaluateModelOnSet(short, set(["neutral"]))).rejects.toThrow(/0 results for 1 texts/);
  });
});

describe("helpers", () => {
  it("majorityLabel breaks ties in label order; confusionMatrix ignores missing predictions", () => {
    expect(majorityLabel(["neutral", "negative"])).toBe("negative");
    expect(confusionMatrix(["neutral"], []).neutral).toEqual({ positive: 0, negative: 0, neutral: 0 });
  });
});
