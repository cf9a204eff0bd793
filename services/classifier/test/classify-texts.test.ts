import { FAILED_SENTIMENT, type Sentiment, type SentimentModel } from "@ops/trading";
import { describe, expect, it } from "vitest";
import { classifyTexts, invalidSentimentReason } from "../src/classify-texts.js";

const positive: Sentiment = { label: "positive", confidence: 0.9, signedScore: 0.8 };

/** A model that throws on texts containing "boom" and counts its calls. */
function fragileModel(): SentimentModel & { calls: number } {
  const model = {
    name: "fragile",
    calls: 0,
    async classify(texts: readonly string[]): Promise<Sentiment[]> {
      model.calls += 1;
      if (texts.some((t) => t.includes("boom"))) throw new Error("tensor shape mismatch");
      return texts.map(() => positive);
    },
  };
  return model;
}

describe("classifyTexts", () => {
  it("classifies a healthy batch in one call", async () => {
    const model = fragileModel();
    const out = await classifyTexts(model, ["a", "b"]);
    expect(out).toEqual([{ sentiment: positive }, { sentiment: positive }]);
    expect(model.calls).toBe(1);
  });

  it("isolates a failing text: it becomes neutral with confidence 0 and carries the error, the rest still classify", async () => {
    const out = await classifyTexts(fragileModel(), ["a", "boom", "c"]);
    expect(out).toEqual([
      { sentiment: positive },
      { sentiment: FAILED_SENTIMENT, error: "Error: tensor shape mismatch" },
      { sentiment: positive },
    ]);
  });

  it("treats invalid model output as a failure of that text", async () => {
    const liar: SentimentModel = {
      name: "liar",
      classify: async (texts) => texts.map((t) => (t === "bad" ? { label: "positive", confidence: 1.7, signedScore: 0.5 } : positive)),
    };
    const out = await classifyTexts(liar, ["ok", "bad"]);
    expect(out[0]).toEqual({ sentiment: positive });
    expect(out[1]).toEqual({ sentiment: FAILED_SENTIMENT, error: "invalid model output: confidence out of [0, 1]: 1.7" });
  });

  it("retries text by text when the batch answer has the wrong length", async () => {
    const short: SentimentModel = { name: "short", classify: async (texts) => (texts.length > 1 ? [positive] : [positive]) };
    expect(await classifyTexts(short, ["a", "b"])).toEqual([{ sentiment: positive }, { sentiment: positive }]);
  });
});

describe("invalidSentimentReason", () => {
  it.each([
    [{ label: "bullish", confidence: 0.5, signedScore: 0.5 }, "unknown label bullish"],
    [{ label: "neutral", confidence: Number.NaN, signedScore: 0 }, "confidence out of [0, 1]: NaN"],
    [{ label: "negative", confidence: 0.5, signedScore: 0.4 }, "signed score 0.4 contradicts negative"],
    [{ label: "neutral", confidence: 0.5, signedScore: -2 }, "signed score out of [-1, 1]: -2"],
    [null, "not an object"],
  ])("%j → %s", (value, reason) => {
    expect(invalidSentimentReason(value)).toBe(reason);
  });

  it("accepts a well-formed result", () => {
    expect(invalidSentimentReason({ label: "negative", confidence: 0.7, signedScore: -0.6 })).toBeUndefined();
  });
});
