import { evaluateSentiment, SENTIMENT_LABELS, type SentimentLabel, type SentimentMetrics, type SentimentModel } from "@ops/trading";
import type { LabelledSet } from "./labelled-set.js";

/** confusion[gold][predicted] = count. */
export type ConfusionMatrix = Record<SentimentLabel, Record<SentimentLabel, number>>;

export interface SetEvaluation {
  set: string;
  model: string;
  labelMapping: string;
  n: number;
  metrics: SentimentMetrics;
  confusion: ConfusionMatrix;
  /** Always predicting the most frequent gold label (ties: SENTIMENT_LABELS order). */
  majority: { label: SentimentLabel; metrics: SentimentMetrics };
}

export function confusionMatrix(gold: readonly SentimentLabel[], predicted: readonly SentimentLabel[]): ConfusionMatrix {
  const matrix = Object.fromEntries(
    SENTIMENT_LABELS.map((g) => [g, Object.fromEntries(SENTIMENT_LABELS.map((p) => [p, 0]))]),
  ) as ConfusionMatrix;
  gold.forEach((g, i) => {
    const p = predicted[i];
    if (p !== undefined) matrix[g][p] += 1;
  });
  return matrix;
}

export function majorityLabel(gold: readonly SentimentLabel[]): SentimentLabel {
  let best: SentimentLabel = SENTIMENT_LABELS[0];
  let bestCount = -1;
  for (const label of SENTIMENT_LABELS) {
    const count = gold.filter((g) => g === label).length;
    if (count > bestCount) {
      best = label;
      bestCount = count;
    }
  }
  return best;
}

/** Classifies every example of a set (in batches) and scores the model against the majority baseline. */
export async function evaluateModelOnSet(model: SentimentModel, set: LabelledSet, batchSize = 64): Promise<SetEvaluation> {
  const gold = set.examples.map((e) => e.label);
  const predicted: SentimentLabel[] = [];
  for (let i = 0; i < set.examples.length; i += batchSize) {
    const texts = set.examples.slice(i, i + batchSize).map((e) => e.text);
    const results = await model.classify(texts);
    if (results.length !== texts.length) throw new Error(`${model.name} returned ${results.length} results for ${texts.length} texts`);
    predicted.push(...results.map((r) => r.label));
  }
  const majority = majorityLabel(gold);
  return {
    set: set.name,
    model: model.name,
    labelMapping: set.labelMapping,
    n: gold.length,
    metrics: evaluateSentiment(gold, predicted),
    confusion: confusionMatrix(gold, predicted),
    majority: { label: majority, metrics: evaluateSentiment(gold, gold.map(() => majority)) },
  };
}

/** The acceptance bar: macro-F1 at least `margin` above the majority baseline's, and higher accuracy. */
export function beatsMajority(e: SetEvaluation, margin = 0.15): boolean {
  return e.metrics.macroF1 >= e.majority.metrics.macroF1 + margin && e.metrics.accuracy > e.majority.metrics.accuracy;
}
