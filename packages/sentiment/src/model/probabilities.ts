import { SENTIMENT_LABELS, type Sentiment, type SentimentLabel } from "@ops/trading";

export type ClassProbabilities = Readonly<Record<SentimentLabel, number>>;

/** A model result that carries the full class distribution (stored as p_positive / p_negative / p_neutral). */
export interface ScoredSentiment extends Sentiment {
  probabilities: ClassProbabilities;
}

/** Numerically stable softmax. */
export function softmax(logits: readonly number[]): number[] {
  const max = Math.max(...logits);
  const exps = logits.map((x) => Math.exp(x - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

/**
 * The stored verdict from a class distribution: label = the most probable class (ties go to neutral,
 * then to the SENTIMENT_LABELS order), confidence = its probability, signed score = p(positive) −
 * p(negative). The seed stored only the confidence and read it as a direction; never again.
 */
export function sentimentFromProbabilities(probabilities: ClassProbabilities): ScoredSentiment {
  const order: readonly SentimentLabel[] = ["neutral", ...SENTIMENT_LABELS.filter((l) => l !== "neutral")];
  let label: SentimentLabel = "neutral";
  for (const candidate of order) {
    if (probabilities[candidate] > probabilities[label]) label = candidate;
  }
  return {
    label,
    confidence: probabilities[label],
    signedScore: probabilities.positive - probabilities.negative,
    probabilities,
  };
}

/** Logits of one text in model output order, mapped through the model's label order. */
export function sentimentFromLogits(logits: readonly number[], labelOrder: readonly SentimentLabel[]): ScoredSentiment {
  if (logits.length !== labelOrder.length) throw new RangeError(`got ${logits.length} logits for ${labelOrder.length} labels`);
  const p = softmax(logits);
  const byLabel = { positive: 0, negative: 0, neutral: 0 };
  labelOrder.forEach((label, i) => {
    byLabel[label] = p[i] as number;
  });
  return sentimentFromProbabilities(byLabel);
}

/** Whether a model result carries a usable distribution (each in [0, 1], summing to 1). */
export function hasProbabilities(s: Sentiment): s is ScoredSentiment {
  const p = (s as Partial<ScoredSentiment>).probabilities;
  if (p === null || typeof p !== "object") return false;
  const values = SENTIMENT_LABELS.map((l) => p[l]);
  return values.every((v) => typeof v === "number" && v >= 0 && v <= 1) && Math.abs(values.reduce((a, b) => a + b, 0) - 1) <= 1e-3;
}

/**
 * Why a result's probabilities cannot be stored (the classifications_probabilities_valid check of
 * migrations/0004), or undefined when it has none or they agree with its label and signed score.
 */
export function probabilitiesProblem(s: Sentiment): string | undefined {
  if ((s as Partial<ScoredSentiment>).probabilities === undefined) return undefined;
  if (!hasProbabilities(s)) return "probabilities are not a distribution over positive, negative, neutral";
  const p = s.probabilities;
  if (Math.abs(s.signedScore - (p.positive - p.negative)) > 1e-9) return `signed score ${s.signedScore} is not p(positive) − p(negative)`;
  if (SENTIMENT_LABELS.some((l) => p[l] > p[s.label])) return `label ${s.label} is not the most probable class`;
  return undefined;
}
