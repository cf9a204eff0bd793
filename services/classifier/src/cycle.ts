import { TransientError } from "@ops/core";
import type { Clock, CycleContext, Db, Logger } from "@ops/core";
import { hasProbabilities } from "@ops/sentiment";
import { classificationText, createLexiconSentimentModel, type SentimentModel } from "@ops/trading";
import { classifyTexts } from "./classify-texts.js";
import type { ClassifierCycleConfig } from "./config.js";
import {
  claimUnclassifiedArticles, writeClassificationFailures, writeClassifications,
  type ClassificationFailureRow, type ClassificationRow,
} from "./queries.js";

/** A sentiment model as the cycle stores it: FinBERT also says which weights it runs. */
export type ClassifierModel = SentimentModel & { readonly version?: string };

export interface ClassifierDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  config: ClassifierCycleConfig;
  /** The lexicon model when omitted. */
  model?: ClassifierModel;
}

interface BatchResult {
  claimed: number;
  inserted: number;
  failures: ClassificationFailureRow[];
  labels: Record<"positive" | "negative" | "neutral", number>;
}

/**
 * One classifier pass: repeatedly claim the oldest unclassified articles (FOR UPDATE SKIP LOCKED),
 * classify title + summary, and write classifications (with the class probabilities when the model
 * gives them) plus classified_at in the same transaction, until the backlog is empty or
 * OPS_CLASSIFIER_MAX_BATCHES batches ran. A text the model fails on goes to classification_failures
 * with its error (never a neutral verdict, never retried forever) and is logged; it does not block its
 * batch. When every text of a batch fails the model itself is down: the batch rolls back and the cycle
 * fails with a TransientError, so the backlog is retried later instead of being marked failed. A batch of
 * one failing text is retried the same way up to three times before that text is recorded as failed.
 */
export function createClassifierCycle(deps: ClassifierDeps): (ctx: CycleContext) => Promise<Record<string, number>> {
  const model = deps.model ?? createLexiconSentimentModel();
  const modelVersion = typeof deps.model?.version === "string" && deps.model.version !== "" ? deps.model.version : null;
  const { OPS_CLASSIFIER_BATCH_SIZE: batchSize, OPS_CLASSIFIER_MAX_BATCHES: maxBatches, OPS_CLASSIFIER_MAX_TEXT_CHARS: maxChars } = deps.config;

  // A one-text batch that fails cannot tell a bad text from a model outage (steady state often brings a
  // single new article). It is retried in later cycles and recorded as failed only after this many tries.
  const SINGLE_TEXT_TRIES = 3;
  const singleTextFailures = new Map<string, number>();

  const runBatch = (now: Date): Promise<BatchResult> =>
    deps.db.transaction(async (tx) => {
      const labels = { positive: 0, negative: 0, neutral: 0 };
      const claimed = await claimUnclassifiedArticles(tx, batchSize);
      if (claimed.length === 0) return { claimed: 0, inserted: 0, failures: [], labels };
      const outcomes = await classifyTexts(model, claimed.map((a) => classificationText(a, maxChars)));
      // Every text of a batch failing is a model outage (missing files, out of memory), not bad text:
      // roll back and retry later rather than mark a whole backlog failed for good.
      if (claimed.length > 1 && outcomes.every((o) => o.error !== undefined)) {
        throw new TransientError(`sentiment model ${model.name} failed on all ${claimed.length} texts of the batch: ${outcomes[0]?.error ?? ""}`);
      }
      const only = claimed.length === 1 ? claimed[0] : undefined;
      if (only !== undefined && outcomes[0]?.error !== undefined) {
        const tries = (singleTextFailures.get(only.articleId) ?? 0) + 1;
        singleTextFailures.set(only.articleId, tries);
        if (tries < SINGLE_TEXT_TRIES) {
          throw new TransientError(
            `sentiment model ${model.name} failed on the only text of the batch (article ${only.articleId}, try ${tries} of ${SINGLE_TEXT_TRIES}): ${outcomes[0].error}`,
          );
        }
      }
      for (const article of claimed) singleTextFailures.delete(article.articleId);
      const failures: ClassificationFailureRow[] = [];
      const rows: ClassificationRow[] = [];
      claimed.forEach((article, i) => {
        const outcome = outcomes[i] as (typeof outcomes)[number];
        if (outcome.error !== undefined) {
          failures.push({ articleId: article.articleId, model: model.name, modelVersion, error: outcome.error });
          return;
        }
        const s = outcome.sentiment;
        labels[s.label] += 1;
        rows.push({
          articleId: article.articleId,
          label: s.label,
          confidence: s.confidence,
          signedScore: s.signedScore,
          model: model.name,
          modelVersion,
          probabilities: hasProbabilities(s) ? s.probabilities : null,
        });
      });
      const inserted = await writeClassifications(tx, rows, now);
      await writeClassificationFailures(tx, failures, now);
      return { claimed: claimed.length, inserted, failures, labels };
    });

  return async (ctx) => {
    const log = ctx.logger;
    const totals = { batches: 0, claimed: 0, classified: 0, failed: 0, positive: 0, negative: 0, neutral: 0 };
    for (let i = 0; i < maxBatches && !ctx.signal.aborted; i += 1) {
      const result = await runBatch(ctx.now);
      if (result.claimed === 0) break;
      totals.batches += 1;
      totals.claimed += result.claimed;
      totals.classified += result.inserted;
      totals.failed += result.failures.length;
      totals.positive += result.labels.positive;
      totals.negative += result.labels.negative;
      totals.neutral += result.labels.neutral;
      for (const f of result.failures) {
        log.error({ event: "classification.model_failed", article_id: f.articleId, model: model.name, error: f.error }, "model failed on article; recorded in classification_failures");
      }
      if (result.claimed < batchSize) break;
    }
    return totals;
  };
}
