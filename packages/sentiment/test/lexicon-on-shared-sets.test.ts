import path from "node:path";
import { fileURLToPath } from "node:url";
import { createLexiconSentimentModel } from "@ops/trading";
import { describe, expect, it } from "vitest";
import { evaluateModelOnSet, labelFromScore, loadSharedSentimentSets, SCORE_NEUTRAL_BAND } from "../src/index.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const dataDir = path.resolve(here, "../../../..", "shared", "data", "sentiment");

describe("the shared labelled sets (../shared/data/SOURCES.md §2b–2d)", () => {
  const sets = loadSharedSentimentSets(dataDir);

  it("load completely, with the documented sizes", () => {
    expect(Object.fromEntries(sets.map((s) => [s.name, s.examples.length]))).toEqual({
      "semeval2017-task5-headlines": 1142,
      "fiqa2018-task1-posts": 675,
      "twitter-financial-news-train": 9543,
      "twitter-financial-news-valid": 2388,
    });
    expect(sets.every((s) => s.skipped === 0)).toBe(true);
  });

  it("map continuous scores to labels with a neutral band of ±0.1", () => {
    expect(SCORE_NEUTRAL_BAND).toBe(0.1);
    expect([0.43, 0.1, 0.099, 0, -0.099, -0.1, -0.989].map((s) => labelFromScore(s))).toEqual([
      "positive", "positive", "neutral", "neutral", "neutral", "negative", "negative",
    ]);
  });

  // Acceptance (issue 6): on every set the lexicon's macro-F1 is at least 0.15 above the majority
  // class's, and its accuracy above the majority class's accuracy.
  it.each(sets.map((s) => [s.name, s] as const))("the lexicon beats the majority baseline on %s", async (_name, set) => {
    const e = await evaluateModelOnSet(createLexiconSentimentModel(), set, 512);
    console.log(
      `[${e.model}] ${e.set}: accuracy ${e.metrics.accuracy.toFixed(3)} macro-F1 ${e.metrics.macroF1.toFixed(3)} | ` +
        `majority "${e.majority.label}": accuracy ${e.majority.metrics.accuracy.toFixed(3)} macro-F1 ${e.majority.metrics.macroF1.toFixed(3)}`,
    );
    expect(e.metrics.macroF1).toBeGreaterThanOrEqual(e.majority.metrics.macroF1 + 0.15);
    expect(e.metrics.accuracy).toBeGreaterThan(e.majority.metrics.accuracy);
  });
});
