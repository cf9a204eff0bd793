import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hasProbabilities, sentimentFromLogits, sentimentFromProbabilities, softmax } from "../src/index.js";

describe("softmax", () => {
  it("gives a distribution, stable for large logits", () => {
    const p = softmax([1000, 1000, 0]);
    expect(p[0]).toBeCloseTo(0.5, 12);
    expect(p[2]).toBeCloseTo(0, 12);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
});

describe("sentimentFromProbabilities", () => {
  const logits = fc.array(fc.double({ min: -20, max: 20, noNaN: true }), { minLength: 3, maxLength: 3 });
  const orders = fc.constantFrom(
    ["positive", "negative", "neutral"] as const,
    ["neutral", "positive", "negative"] as const,
    ["negative", "neutral", "positive"] as const,
  );

  it("always yields a row the classifications table accepts: top label, its probability, a sign that agrees", () => {
    fc.assert(
      fc.property(logits, orders, (l, order) => {
        const s = sentimentFromLogits(l, order);
        const p = s.probabilities;
        expect(s.confidence).toBe(p[s.label]);
        expect(s.confidence).toBe(Math.max(p.positive, p.negative, p.neutral));
        expect(s.signedScore).toBe(p.positive - p.negative);
        if (s.label === "positive") expect(s.signedScore).toBeGreaterThanOrEqual(0);
        if (s.label === "negative") expect(s.signedScore).toBeLessThanOrEqual(0);
        expect(hasProbabilities(s)).toBe(true);
      }),
    );
  });

  it("breaks ties toward neutral", () => {
    expect(sentimentFromProbabilities({ positive: 0.4, negative: 0.2, neutral: 0.4 }).label).toBe("neutral");
    expect(sentimentFromProbabilities({ positive: 0.4, negative: 0.4, neutral: 0.2 }).signedScore).toBe(0);
  });

  it("rejects logits that do not match the label count", () => {
    expect(() => sentimentFromLogits([1, 2], ["positive", "negative", "neutral"])).toThrow(RangeError);
  });
});

describe("hasProbabilities", () => {
  it("accepts only a full distribution", () => {
    expect(hasProbabilities({ label: "neutral", confidence: 0.5, signedScore: 0 })).toBe(false);
    expect(hasProbabilities({ label: "neutral", confidence: 0.5, signedScore: 0, probabilities: { positive: 0.5, negative: 0.5, neutral: 0.5 } } as never)).toBe(false);
    expect(hasProbabilities({ label: "neutral", confidence: 0.5, signedScore: 0, probabilities: { positive: 0.25, negative: 0.25, neutral: 0.5 } } as never)).toBe(true);
  });
});
