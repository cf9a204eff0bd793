import type { SentimentLabel } from "../domain/vocabulary.js";

/**
 * One text's sentiment. `confidence` is the probability of `label` (never a direction: the seed read
 * it as one); `signedScore` in [-1, 1] is the direction, ≥ 0 for positive and ≤ 0 for negative.
 */
export interface Sentiment {
  label: SentimentLabel;
  confidence: number;
  signedScore: number;
}

/**
 * What the classifier runs. The lexicon model implements it now; a FinBERT model (transformers.js,
 * local files) can replace it without touching the service. `classify` returns one result per text,
 * in order; it may reject for the whole batch, and the caller then retries text by text.
 */
export interface SentimentModel {
  /** Stored with every classification, e.g. "lexicon-v1" or "finbert-onnx-q8". */
  readonly name: string;
  classify(texts: readonly string[]): Promise<Sentiment[]>;
}

/** The neutral result recorded for a text the model failed on: it must not count as evidence. */
export const FAILED_SENTIMENT: Readonly<Sentiment> = Object.freeze({ label: "neutral", confidence: 0, signedScore: 0 });

/**
 * The text classified for an article: title and summary (seed §3.3), capped so one huge summary
 * cannot dominate a batch (FinBERT reads 512 tokens, roughly 2,000 characters, anyway).
 */
export function classificationText(article: { title: string; summary?: string | null }, maxChars = 2000): string {
  const text = article.summary ? `${article.title} ${article.summary}` : article.title;
  if (text.length <= maxChars) return text;
  // Cut on code points so a surrogate pair is never split.
  return Array.from(text).slice(0, maxChars).join("");
}
