import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { SentimentLabel } from "@ops/trading";
import { parseCsv } from "./csv.js";
import type { LabelledExample, LabelledSet } from "./labelled-set.js";

/**
 * SemEval-2017 and FiQA-2018 give a continuous score in [-1, 1], not a class. A score whose magnitude
 * is below this band is neutral; otherwise its sign is the label. 0.1 is a tenth of the scale: the
 * annotators' "barely leaning" region, where FinBERT's own training data (PhraseBank) says neutral.
 */
export const SCORE_NEUTRAL_BAND = 0.1;

export function labelFromScore(score: number, band = SCORE_NEUTRAL_BAND): SentimentLabel {
  if (score >= band) return "positive";
  if (score <= -band) return "negative";
  return "neutral";
}

const scoreMapping = (band: number): string =>
  `score >= ${band} → positive, score <= -${band} → negative, otherwise neutral`;

/** Twitter Financial News (zeroshot): 0 Bearish, 1 Bullish, 2 Neutral. */
const TWITTER_LABELS: readonly SentimentLabel[] = ["negative", "positive", "neutral"];

const MAX_REASONS = 5;

class SetBuilder {
  readonly examples: LabelledExample[] = [];
  readonly skippedReasons: string[] = [];
  skipped = 0;
  add(text: unknown, label: SentimentLabel | undefined, where: string): void {
    if (typeof text !== "string" || text.trim() === "") return this.skip(`${where}: no text`);
    if (label === undefined) return this.skip(`${where}: no usable label`);
    this.examples.push({ text: text.trim(), label });
  }
  skip(reason: string): void {
    this.skipped += 1;
    if (this.skippedReasons.length < MAX_REASONS) this.skippedReasons.push(reason);
  }
  build(name: string, source: string, labelMapping: string): LabelledSet {
    return { name, source, labelMapping, examples: this.examples, skipped: this.skipped, skippedReasons: this.skippedReasons };
  }
}

function finiteNumber(value: unknown): number | undefined {
  const n = typeof value === "string" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) && (typeof value !== "string" || value.trim() !== "") ? n : undefined;
}

/** SemEval-2017 Task 5 subtask 2: a list of {id, company, title, sentiment}. */
export function loadSemEvalHeadlines(file: string, band = SCORE_NEUTRAL_BAND): LabelledSet {
  const doc: unknown = JSON.parse(readFileSync(file, "utf8"));
  const builder = new SetBuilder();
  if (!Array.isArray(doc)) throw new Error(`${file}: expected a JSON array of headlines`);
  doc.forEach((record: unknown, i) => {
    const r = (record ?? {}) as { title?: unknown; sentiment?: unknown };
    const score = finiteNumber(r.sentiment);
    builder.add(r.title, score === undefined ? undefined : labelFromScore(score, band), `record ${i}`);
  });
  return builder.build("semeval2017-task5-headlines", file, scoreMapping(band));
}

/**
 * FiQA-2018 Task 1 microblogs: {id: {sentence, info: [{sentiment_score, target, ...}]}}. A post
 * with several targets takes the mean of their scores (none in the shared file has more than one).
 */
export function loadFiqaPosts(file: string, band = SCORE_NEUTRAL_BAND): LabelledSet {
  const doc: unknown = JSON.parse(readFileSync(file, "utf8"));
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) throw new Error(`${file}: expected a JSON object of posts`);
  const builder = new SetBuilder();
  for (const [id, post] of Object.entries(doc as Record<string, unknown>)) {
    const p = (post ?? {}) as { sentence?: unknown; info?: unknown };
    const scores = (Array.isArray(p.info) ? p.info : [])
      .map((entry: unknown) => finiteNumber((entry as { sentiment_score?: unknown } | null)?.sentiment_score))
      .filter((s): s is number => s !== undefined);
    const mean = scores.length === 0 ? undefined : scores.reduce((a, b) => a + b, 0) / scores.length;
    builder.add(p.sentence, mean === undefined ? undefined : labelFromScore(mean, band), `post ${id}`);
  }
  return builder.build("fiqa2018-task1-posts", file, `${scoreMapping(band)} (mean over a post's targets)`);
}

/** Twitter Financial News Sentiment CSV: text,label with 0 Bearish, 1 Bullish, 2 Neutral. */
export function loadTwitterFinancialNews(file: string, name: string): LabelledSet {
  const rows = parseCsv(readFileSync(file, "utf8"));
  const builder = new SetBuilder();
  rows.slice(1).forEach((row, i) => {
    if (row.length === 1 && row[0] === "") return;
    const raw = row[1]?.trim() ?? "";
    const label = /^[012]$/.test(raw) ? TWITTER_LABELS[Number(raw)] : undefined;
    builder.add(row[0], label, `row ${i + 2}`);
  });
  return builder.build(name, file, "0 Bearish → negative, 1 Bullish → positive, 2 Neutral → neutral");
}

/** The labelled sets of `../shared/data/sentiment` (SOURCES.md §2b–2d) that exist under dataDir. */
export function loadSharedSentimentSets(dataDir: string, band = SCORE_NEUTRAL_BAND): LabelledSet[] {
  const at = (...parts: string[]) => path.join(dataDir, ...parts);
  const sets: LabelledSet[] = [];
  const semeval = at("semeval2017_task5", "SemEval2017Task5Headlines.json");
  if (existsSync(semeval)) sets.push(loadSemEvalHeadlines(semeval, band));
  const fiqa = at("fiqa_2018_task1", "FiQA_post.json");
  if (existsSync(fiqa)) sets.push(loadFiqaPosts(fiqa, band));
  for (const split of ["train", "valid"] as const) {
    const file = at("twitter_financial_news_sentiment", `sent_${split}.csv`);
    if (existsSync(file)) sets.push(loadTwitterFinancialNews(file, `twitter-financial-news-${split}`));
  }
  return sets;
}
