import { baseServiceSchema, enumVar, loadConfig, numberVar } from "@ops/core";
import type { EnvSource } from "@ops/core";
import { ACCOUNT_IDS } from "@ops/trading";

export const CLOCK_SOURCES = ["wall", "sim"] as const;
export type ClockSource = (typeof CLOCK_SOURCES)[number];

/** Sentiment models the service can run. FinBERT (transformers.js, local files) will be added here. */
export const CLASSIFIER_MODELS = ["lexicon"] as const;
export type ClassifierModelName = (typeof CLASSIFIER_MODELS)[number];

/** Classifier settings. Nothing here can trade; every default is safe. */
export const classifierConfigSchema = baseServiceSchema.extend({
  OPS_SERVICE: baseServiceSchema.shape.OPS_SERVICE.default("classifier"),
  OPS_LOOP_INTERVAL_S: numberVar({ positive: true }).default(30),
  OPS_CLASSIFIER_MODEL: enumVar(CLASSIFIER_MODELS).default("lexicon"),
  /** Articles claimed and classified per transaction. */
  OPS_CLASSIFIER_BATCH_SIZE: numberVar({ integer: true, min: 1, max: 1000 }).default(50),
  /** Batches per cycle at most, so a backlog drains without one cycle running forever. */
  OPS_CLASSIFIER_MAX_BATCHES: numberVar({ integer: true, min: 1, max: 1000 }).default(20),
  /** Characters of title + summary given to the model. */
  OPS_CLASSIFIER_MAX_TEXT_CHARS: numberVar({ integer: true, min: 50, max: 20_000 }).default(2000),
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
