import { SENTIMENT_LABELS, type SentimentLabel } from "@ops/trading";
import { ModelFilesError } from "./model-files-error.js";

/**
 * The sentiment label of each output index, read from config.json's id2label (FinBERT: 0 positive,
 * 1 negative, 2 neutral; other exports differ, so nothing is assumed). Names are matched case-
 * insensitively; anything but exactly the three labels, once each, at indices 0..2, is an error.
 */
export function labelOrderFromConfig(config: unknown, file: string): SentimentLabel[] {
  const id2label = (config as { id2label?: unknown } | null)?.id2label;
  if (id2label === null || typeof id2label !== "object" || Array.isArray(id2label)) {
    throw new ModelFilesError(file, "has no id2label object");
  }
  const entries = Object.entries(id2label as Record<string, unknown>);
  if (entries.length !== SENTIMENT_LABELS.length) {
    throw new ModelFilesError(file, `id2label has ${entries.length} labels; expected ${SENTIMENT_LABELS.join(", ")}`);
  }
  const order: Array<SentimentLabel | undefined> = new Array(SENTIMENT_LABELS.length).fill(undefined);
  for (const [key, value] of entries) {
    const index = Number(key);
    if (!Number.isInteger(index) || index < 0 || index >= SENTIMENT_LABELS.length || String(index) !== key.trim()) {
      throw new ModelFilesError(file, `id2label key "${key}" is not an index 0..${SENTIMENT_LABELS.length - 1}`);
    }
    const name = typeof value === "string" ? value.trim().toLowerCase() : "";
    if (!(SENTIMENT_LABELS as readonly string[]).includes(name)) {
      throw new ModelFilesError(file, `id2label[${key}] = ${JSON.stringify(value)} is not one of ${SENTIMENT_LABELS.join(", ")}`);
    }
    if (order.includes(name as SentimentLabel)) throw new ModelFilesError(file, `id2label names "${name}" twice`);
    order[index] = name as SentimentLabel;
  }
  return order as SentimentLabel[];
}
