import type { Logger } from "@ops/core";
import { inspectModelDir, loadTransformersSentimentModel } from "@ops/sentiment";
import { createLexiconSentimentModel, LEXICON_MODEL_NAME } from "@ops/trading";
import type { ClassifierModelConfig } from "./config.js";
import type { ClassifierModel } from "./cycle.js";

export const MODEL_MODES = ["finbert", "lexicon", "lexicon-fallback"] as const;
export type ModelMode = (typeof MODEL_MODES)[number];

/**
 * Stored as classifications.model while the lexicon stands in for missing FinBERT files, so every
 * row says it came from the fallback (a configured lexicon stores the plain lexicon name).
 */
export const LEXICON_FALLBACK_MODEL_NAME = `${LEXICON_MODEL_NAME}:fallback-no-finbert`;

export interface ModelChoice {
  model: ClassifierModel;
  mode: ModelMode;
  /** Why the lexicon runs although FinBERT was asked for (lexicon-fallback only). */
  reason?: string;
  /** Releases the ONNX session (no-op for the lexicon). */
  dispose(): Promise<void>;
}

/**
 * The model the service runs, announced in the log. OPS_CLASSIFIER_MODEL=finbert loads the local
 * transformers.js export; a directory without model files means lexicon mode, said loudly (a warn
 * line here, the stored model name, and the `lexicon_fallback` cycle count), never silently.
 * Broken model files throw ModelFilesError naming the file: the service must not start on them.
 */
export async function buildSentimentModel(config: ClassifierModelConfig, logger: Logger): Promise<ModelChoice> {
  if (config.OPS_CLASSIFIER_MODEL === "lexicon") {
    const model = createLexiconSentimentModel();
    logger.info({ event: "classifier.model_selected", mode: "lexicon", model: model.name }, `sentiment model: ${model.name} (configured)`);
    return { model, mode: "lexicon", dispose: async () => undefined };
  }
  const state = inspectModelDir(config.OPS_CLASSIFIER_MODEL_DIR, config.OPS_CLASSIFIER_MODEL_DTYPE);
  if (state.kind === "absent") {
    const lexicon = createLexiconSentimentModel();
    const model: ClassifierModel = { name: LEXICON_FALLBACK_MODEL_NAME, classify: (texts) => lexicon.classify(texts) };
    logger.warn(
      { event: "classifier.model_fallback", mode: "lexicon-fallback", model: model.name, model_dir: state.dir, reason: state.reason },
      `FinBERT not available (${state.reason}); classifying with the lexicon instead, stored as model ${model.name}`,
    );
    return { model, mode: "lexicon-fallback", reason: state.reason, dispose: async () => undefined };
  }
  const started = performance.now();
  const model = await loadTransformersSentimentModel({
    dir: state.dir,
    dtype: config.OPS_CLASSIFIER_MODEL_DTYPE,
    batchSize: config.OPS_CLASSIFIER_INFERENCE_BATCH,
    maxTokens: config.OPS_CLASSIFIER_MAX_LENGTH,
  });
  logger.info(
    {
      event: "classifier.model_selected",
      mode: "finbert",
      model: model.name,
      model_version: model.version,
      model_file: model.files.onnxPath,
      labels: model.labelOrder,
      max_length: model.maxTokens,
      inference_batch: model.batchSize,
      load_ms: Math.round(performance.now() - started),
    },
    `sentiment model: ${model.name} ${model.version} from ${model.files.onnxPath}`,
  );
  return { model, mode: "finbert", dispose: () => model.dispose() };
}
