import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { SentimentLabel } from "../domain/vocabulary.js";
import { createLexiconSentimentModel, lexiconSentiment, LEXICON_MODEL_NAME } from "./lexicon-sentiment.js";
import { evaluateSentiment } from "./sentiment-metrics.js";

describe("lexiconSentiment", () => {
  it.each([
    ["$BLKB - Blackbaud EPS beats by $0.01, beats on revenue", "positive"],
    ["Newmont Goldcorp stock price target raised to $41.50 from $39.50", "positive"],
    ["Wearables Sales Surge, Bolstering Apple Stock", "positive"],
    ["$PCYG - Park City Group EPS misses by $0.01, misses on revenue", "negative"],
    ["Pound falls as Boris Johnson taken to intensive care", "negative"],
    ["Macy's -6% as hard hats come out for earnings", "negative"],
    ["Some Galliford Try shareholders are down 46%", "negative"],
    ["Idorsia reports Q4 results", "neutral"],
    ["$SNDR - Schneider National declares $0.065 dividend", "neutral"],
  ] as const)("%s → %s", (text, label) => {
    expect(lexiconSentiment(text).label).toBe(label);
  });

  it("flips cues after a negation within the same clause", () => {
    expect(lexiconSentiment("Shares rally").label).toBe("positive");
    expect(lexiconSentiment("Shares did not rally").signedScore).toBeLessThan(0);
    expect(lexiconSentiment("Revenue did not disappoint").signedScore).toBeGreaterThan(0);
    expect(lexiconSentiment("Not cheap, but shares rally").label).toBe("positive");
  });

  it("reads the rating change, not the ratings named after it", () => {
    expect(lexiconSentiment("Becton Dickinson downgraded to outperform from strong buy").label).toBe("negative");
    expect(lexiconSentiment("Acme upgraded to buy from underperform").label).toBe("positive");
  });

  it("nets out mixed cues", () => {
    expect(lexiconSentiment("EPS misses, beats on revenue").label).toBe("neutral");
  });

  it("ignores cue words inside links and cashtags", () => {
    expect(lexiconSentiment("Update https://t.co/surges-plunge $BEAT @gains").label).toBe("neutral");
  });

  it("keeps the stored-row invariants: confidence in [0, 1], signed score in [-1, 1] and agreeing with the label", () => {
    for (const text of ["Stock soars to record high on blowout earnings, upgrade", "Crash! Plunges, bankruptcy, fraud probe", "Meeting today", ""]) {
      const s = lexiconSentiment(text);
      expect(s.confidence).toBeGreaterThanOrEqual(0);
      expect(s.confidence).toBeLessThanOrEqual(1);
      expect(Math.abs(s.signedScore)).toBeLessThanOrEqual(1);
      if (s.label === "positive") expect(s.signedScore).toBeGreaterThan(0);
      if (s.label === "negative") expect(s.signedScore).toBeLessThan(0);
    }
  });

  it("is more confident with more evidence", () => {
    expect(lexiconSentiment("Shares soar after blowout quarter, upgrade to buy").confidence)
      .toBeGreaterThan(lexiconSentiment("Shares rise").confidence);
  });

  it("serves as a SentimentModel with one result per text, in order", async () => {
    const model = createLexiconSentimentModel();
    expect(model.name).toBe(LEXICON_MODEL_NAME);
    const out = await model.classify(["Shares plunge", "Shares soar"]);
    expect(out.map((s) => s.label)).toEqual(["negative", "positive"]);
  });
});

/** RFC 4180 CSV: quoted cells may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i += 1;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += c;
  }
  if (cell !== "" || row.length > 0) rows.push([...row, cell]);
  return rows;
}

describe("lexicon sentiment on Twitter Financial News (validation split, shared/data/SOURCES.md §2d)", () => {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const file = path.resolve(here, "../../../../..", "shared", "data", "sentiment", "twitter_financial_news_sentiment", "sent_valid.csv");
  // Dataset labels: 0 bearish, 1 bullish, 2 neutral.
  const LABELS: readonly SentimentLabel[] = ["negative", "positive", "neutral"];

  it("beats the majority-class baseline on macro-F1 and on accuracy", () => {
    const rows = parseCsv(readFileSync(file, "utf8")).slice(1).filter((r) => r.length === 2 && /^[012]$/.test(r[1] ?? ""));
    expect(rows.length).toBe(2388);
    const gold = rows.map((r) => LABELS[Number(r[1])] as SentimentLabel);
    const predicted = rows.map((r) => lexiconSentiment(r[0] as string).label);
    const counts = new Map<SentimentLabel, number>();
    for (const g of gold) counts.set(g, (counts.get(g) ?? 0) + 1);
    const majority = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] as SentimentLabel;
    const baseline = evaluateSentiment(gold, gold.map(() => majority));
    const lexicon = evaluateSentiment(gold, predicted);
    console.log(
      `[${LEXICON_MODEL_NAME}] n=${lexicon.n} accuracy=${lexicon.accuracy.toFixed(3)} macroF1=${lexicon.macroF1.toFixed(3)} ` +
        `(majority "${majority}": accuracy=${baseline.accuracy.toFixed(3)} macroF1=${baseline.macroF1.toFixed(3)})`,
    );
    expect(lexicon.macroF1).toBeGreaterThan(baseline.macroF1);
    expect(lexicon.accuracy).toBeGreaterThan(baseline.accuracy);
    // Each polar class is actually found, not just outvoted by neutral.
    expect(lexicon.perLabel.positive.recall).toBeGreaterThan(0.3);
    expect(lexicon.perLabel.negative.recall).toBeGreaterThan(0.3);
  });
});
