import { describe, expect, it } from "vitest";
import { sentimentMultiplier } from "./sentiment-multiplier.js";
import type { Direction } from "./signal-types.js";

const news = (count: number, avgSignedScore: number) => ({ count, avgSignedScore, positive: 0, negative: 0 });

describe("sentimentMultiplier", () => {
  it.each<[string, ReturnType<typeof news> | null, Direction, number]>([
    ["no sentiment at all", null, "BULL", 1],
    ["no news", news(0, 0.9), "BULL", 1],
    ["neutral news", news(4, 0), "BEAR", 1],
    ["5 bullish articles for a BULL trade", news(5, 0.8), "BULL", 1 + 0.25 * 0.8],
    ["2 bullish articles for a BULL trade (weight 2/5)", news(2, 0.8), "BULL", 1 + 0.25 * 0.8 * 0.4],
    ["10 bearish articles for a BEAR trade (weight capped at 1)", news(10, -0.6), "BEAR", 1 + 0.25 * 0.6],
    ["bearish news against a BULL trade", news(5, -0.8), "BULL", 1 - 0.2 * 0.8],
    ["bullish news against a BEAR trade", news(1, 0.5), "BEAR", 1 - 0.2 * 0.5 * 0.2],
  ])("%s → ×%f", (_name, sentiment, direction, expected) => {
    expect(sentimentMultiplier(sentiment, direction).multiplier).toBeCloseTo(expected, 12);
  });

  it("reports whether the news agrees with the trade", () => {
    expect(sentimentMultiplier(news(3, -0.7), "BEAR").aligns).toBe(true);
    expect(sentimentMultiplier(news(3, -0.7), "BULL").aligns).toBe(false);
  });
});
