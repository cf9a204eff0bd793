import { describe, expect, it } from "vitest";
import { classificationText, FAILED_SENTIMENT } from "./sentiment.js";
import { evaluateSentiment } from "./sentiment-metrics.js";

describe("evaluateSentiment", () => {
  it("computes accuracy and per-label precision/recall/F1 from a confusion", () => {
    const gold = ["positive", "positive", "negative", "neutral"] as const;
    const pred = ["positive", "neutral", "negative", "neutral"] as const;
    const m = evaluateSentiment(gold, pred);
    expect(m.accuracy).toBe(0.75);
    expect(m.perLabel.positive).toEqual({ precision: 1, recall: 0.5, f1: 2 / 3, support: 2 });
    expect(m.perLabel.neutral).toEqual({ precision: 0.5, recall: 1, f1: 2 / 3, support: 1 });
    expect(m.perLabel.negative.f1).toBe(1);
    expect(m.macroF1).toBeCloseTo((2 / 3 + 2 / 3 + 1) / 3, 12);
  });

  it("gives a constant predictor a low macro-F1 even when its accuracy is high", () => {
    const gold = [...Array(8).fill("neutral"), "positive", "negative"];
    const m = evaluateSentiment(gold, gold.map(() => "neutral"));
    expect(m.accuracy).toBe(0.8);
    expect(m.macroF1).toBeLessThan(0.35);
  });

  it("rejects mismatched or empty inputs", () => {
    expect(() => evaluateSentiment(["neutral"], [])).toThrow(RangeError);
    expect(() => evaluateSentiment([], [])).toThrow(RangeError);
  });
});

describe("classificationText", () => {
  it("joins title and summary, or uses the title alone", () => {
    expect(classificationText({ title: "T", summary: "S" })).toBe("T S");
    expect(classificationText({ title: "T", summary: null })).toBe("T");
  });

  it("caps the text on code points", () => {
    expect(Array.from(classificationText({ title: "📈".repeat(10) }, 4))).toHaveLength(4);
  });
});

describe("FAILED_SENTIMENT", () => {
  it("is neutral with zero confidence, so it never counts as evidence", () => {
    expect(FAILED_SENTIMENT).toEqual({ label: "neutral", confidence: 0, signedScore: 0 });
    expect(Object.isFrozen(FAILED_SENTIMENT)).toBe(true);
  });
});
