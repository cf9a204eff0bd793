import { baseServiceSchema, enumVar, loadConfig, numberVar } from "@ops/core";
import type { EnvSource } from "@ops/core";
import { MODEL_DTYPES } from "@ops/sentiment";
import { ACCOUNT_IDS } from "@ops/trading";

export const CLOCK_SOURCES = ["wall", "sim"] as const;
export type ClockSource = (typeof CLOCK_SOURCES)[number];

/**
 * Sentiment models the service can run. finbert = the local transformers.js export in
 * OPS_CLASSIFIER_MODEL_DIR, or, when that directory holds no model, the lexicon (announced);
 * lexicon = the word-list classifier on purpose.
 */
export const CLASSIFIER_MODELS = ["finbert", "lexicon"] as const;
export type ClassifierModelName = (typeof CLASSIFIER_MODELS)[number];

/** Where the Docker image puts Xenova/finbert (scripts/fetch-finbert.sh at build time). */
export const DEFAULT_MODEL_DIR = "/opt/models/finbert";
/** The news service's "articles committed" notification, which wakes the classifier early. */
export const DEFAULT_WAKE_CHANNEL = "news_articles_inserted";

// A trimmed non-empty string from the shared schema (this package does not depend on zod itself).
const text = () => baseServiceSchema.shape.OPS_SERVICE;

/** Classifier settings. Nothing here can trade; every default is safe. */
export const classifierConfigSchema = baseServiceSchema.extend({
  OPS_SERVICE: baseServiceSchema.shape.OPS_SERVICE.default("classifier"),
  OPS_LOOP_INTERVAL_S: numberVar({ positive: true }).default(30),
  OPS_CLASSIFIER_MODEL: enumVar(CLASSIFIER_MODELS).default("finbert"),
  /** FinBERT files: config.json, tokenizer.json, tokenizer_config.json, onnx/model_quantized.onnx. */
  OPS_CLASSIFIER_MODEL_DIR: text().default(DEFAULT_MODEL_DIR),
  /** q8 = onnx/model_quantized.onnx (Xenova/finbert's quantised weights), fp32 = onnx/model.onnx. */
  OPS_CLASSIFIER_MODEL_DTYPE: enumVar(MODEL_DTYPES).default("q8"),
  /** Texts per ONNX inference call (a claimed batch is split into these). */
  OPS_CLASSIFIER_INFERENCE_BATCH: numberVar({ integer: true, min: 1, max: 256 }).default(16),
  /** Tokens per text after truncation; FinBERT's limit is 512, lower is faster. */
  OPS_CLASSIFIER_MAX_LENGTH: numberVar({ integer: true, min: 8, max: 512 }).default(512),
  /** Articles claimed and classified per transaction. */
  OPS_CLASSIFIER_BATCH_SIZE: numberVar({ integer: true, min: 1, max: 1000 }).default(50),
  /** Batches per cycle at most, so a backlog drains without one cycle running forever. */
  OPS_CLASSIFIER_MAX_BATCHES: numberVar({ integer: true, min: 1, max: 1000 }).default(20),
  /** Characters of title + summary given to the model (before tokenisation and truncation). */
  OPS_CLASSIFIER_MAX_TEXT_CHARS: numberVar({ integer: true, min: 50, max: 20_000 }).default(2000),
  /** LISTEN channel that starts a cycle early; the OPS_LOOP_INTERVAL_S timer stays the fallback. */
  OPS_CLASSIFIER_WAKE_CHANNEL: text()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, "must be a lower-case identifier (letters, digits, _)")
    .default(DEFAULT_WAKE_CHANNEL),
  /** wall = production; sim = read market time from the simulator's GET /v2/clock. */
  OPS_CLOCK: enumVar(CLOCK_SOURCES).default("wall"),
  /** Whose Alpaca keys read the simulator clock when OPS_CLOCK=sim (the classifier never trades). */
  OPS_DATA_ACCOUNT: enumVar(ACCOUNT_IDS).default("large-100k"),
});

export type ClassifierConfig = ReturnType<typeof classifierConfigSchema.parse>;

export function loadClassifierConfig(env?: EnvSource): ClassifierConfig {
  return loadConfig(classifierConfigSchema, env);
}

/** The settings the cycle itself reads (tests build this directly). */
export type ClassifierCycleConfig = Pick<ClassifierConfig, "OPS_CLASSIFIER_BATCH_SIZE" | "OPS_CLASSIFIER_MAX_BATCHES" | "OPS_CLASSIFIER_MAX_TEXT_CHARS">;

/** The settings that choose and load the sentiment model. */
export type ClassifierModelConfig = Pick<
  ClassifierConfig,
  "OPS_CLASSIFIER_MODEL" | "OPS_CLASSIFIER_MODEL_DIR" | "OPS_CLASSIFIER_MODEL_DTYPE" | "OPS_CLASSIFIER_INFERENCE_BATCH" | "OPS_CLASSIFIER_MAX_LENGTH"
>;
