import { probabilitiesProblem } from "@ops/sentiment";
import { FAILED_SENTIMENT, SENTIMENT_LABELS, type Sentiment, type SentimentModel } from "@ops/trading";

export interface TextOutcome {
  sentiment: Sentiment;
  /** Set when the model failed on this text; the sentiment is then FAILED_SENTIMENT. */
  error?: string;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** A result the classifications table (and every reader) can trust: known label, ranges, sign. */
export function invalidSentimentReason(s: unknown): string | undefined {
  if (s === null || typeof s !== "object") return "not an object";
  const { label, confidence, signedScore } = s as Partial<Sentiment>;
  if (typeof label !== "string" || !(SENTIMENT_LABELS as readonly string[]).includes(label)) return `unknown label ${String(label)}`;
  if (typeof confidence !== "number" || !(confidence >= 0 && confidence <= 1)) return `confidence out of [0, 1]: ${String(confidence)}`;
  if (typeof signedScore !== "number" || !(signedScore >= -1 && signedScore <= 1)) return `signed score out of [-1, 1]: ${String(signedScore)}`;
  if ((label === "positive" && signedScore < 0) || (label === "negative" && signedScore > 0)) return `signed score ${signedScore} contradicts ${label}`;
  return probabilitiesProblem(s as Sentiment);
}

function checked(s: unknown): TextOutcome {
  const reason = invalidSentimentReason(s);
  return reason === undefined ? { sentiment: s as Sentiment } : { sentiment: FAILED_SENTIMENT, error: `invalid model output: ${reason}` };
}

/**
 * Runs the model on a batch. If the batch call fails (or returns the wrong number of results), each
 * text is retried alone, so one poisonous text costs only itself: its outcome carries the error (and
 * the placeholder FAILED_SENTIMENT, which the cycle never stores as a verdict). Never rejects.
 */
export async function classifyTexts(model: SentimentModel, texts: readonly string[]): Promise<TextOutcome[]> {
  if (texts.length === 0) return [];
  try {
    const results = await model.classify(texts);
    if (Array.isArray(results) && results.length === texts.length) return results.map(checked);
  } catch {
    // Fall through to one-by-one: the per-text errors are what gets reported.
  }
  const outcomes: TextOutcome[] = [];
  for (const text of texts) {
    try {
      const [result, ...extra] = await model.classify([text]);
      outcomes.push(extra.length === 0 && result !== undefined ? checked(result) : { sentiment: FAILED_SENTIMENT, error: "model returned no single result" });
    } catch (error) {
      outcomes.push({ sentiment: FAILED_SENTIMENT, error: errorMessage(error) });
    }
  }
  return outcomes;
}
