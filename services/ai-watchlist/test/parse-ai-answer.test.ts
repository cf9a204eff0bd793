import { describe, expect, it } from "vitest";
import { parseAiAnswer } from "../src/index.js";

const item = { ticker: "aapl", sector: "Tech", catalyst: "WWDC", confidence: 0.8, expected_volume: "High" };

describe("parseAiAnswer", () => {
  it("normalises ticker and expected volume of a bare array", () => {
    const parsed = parseAiAnswer(JSON.stringify([item]));
    expect(parsed).toMatchObject({ ok: true, fenced: false, rejected: [] });
    expect(parsed.ok && parsed.candidates).toEqual([{ symbol: "AAPL", sector: "Tech", catalyst: "WWDC", confidence: 0.8, expectedVolume: "high" }]);
  });

  it("accepts an object wrapper inside a fence and prose around bare JSON", () => {
    expect(parseAiAnswer("```json\n" + JSON.stringify({ tickers: [item] }) + "\n```")).toMatchObject({ ok: true, fenced: true });
    const prose = parseAiAnswer(`Sure! ${JSON.stringify([item])} Good luck.`);
    expect(prose.ok && prose.candidates.map((c) => c.symbol)).toEqual(["AAPL"]);
  });

  it("fails the whole answer only when it is not JSON or holds no array", () => {
    expect(parseAiAnswer("I cannot help with that")).toMatchObject({ ok: false });
    expect(parseAiAnswer('{"answer": 42}')).toMatchObject({ ok: false, error: "answer holds no candidate array" });
  });

  it("rejects confidence outside [0, 1], including NaN-like strings", () => {
    const parsed = parseAiAnswer(JSON.stringify([{ ...item, confidence: -0.1 }, { ...item, ticker: "MSFT", confidence: "0.9" }]));
    expect(parsed.ok && parsed.rejected.map((r) => r.issue)).toEqual(["confidence_out_of_range", "confidence_out_of_range"]);
  });
});
