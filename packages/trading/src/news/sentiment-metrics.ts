import { SENTIMENT_LABELS, type SentimentLabel } from "../domain/vocabulary.js";

export interface LabelMetrics {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface SentimentMetrics {
  n: number;
  accuracy: number;
  /** Unweighted mean F1 over the three labels: a classifier that always says "neutral" scores low. */
  macroF1: number;
  perLabel: Record<SentimentLabel, LabelMetrics>;
}

/** Accuracy and per-label / macro F1 of predictions against gold labels (same order, same length). */
export function evaluateSentiment(gold: readonly SentimentLabel[], predicted: readonly SentimentLabel[]): SentimentMetrics {
  if (gold.length !== predicted.length) throw new RangeError(`gold has ${gold.length} labels, predicted ${predicted.length}`);
  if (gold.length === 0) throw new RangeError("no labels to evaluate");
  let correct = 0;
  const perLabel = {} as Record<SentimentLabel, LabelMetrics>;
  for (const label of SENTIMENT_LABELS) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    gold.forEach((g, i) => {
      const p = predicted[i];
      if (p === label && g === label) tp += 1;
      else if (p === label) fp += 1;
      else if (g === label) fn += 1;
    });
    const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
    const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    perLabel[label] = { precision, recall, f1, support: tp + fn };
  }
  gold.forEach((g, i) => {
    if (predicted[i] === g) correct += 1;
  });
  const macroF1 = SENTIMENT_LABELS.reduce((sum, l) => sum + perLabel[l].f1, 0) / SENTIMENT_LABELS.length;
  return { n: gold.length, accuracy: correct / gold.length, macroF1, perLabel };
}
