export { createClassifierCycle } from "./cycle.js";
export type { ClassifierDeps, ClassifierModel } from "./cycle.js";
export { classifierConfigSchema, loadClassifierConfig, CLASSIFIER_MODELS, CLOCK_SOURCES, DEFAULT_MODEL_DIR, DEFAULT_WAKE_CHANNEL } from "./config.js";
export type { ClassifierConfig, ClassifierCycleConfig, ClassifierModelConfig, ClassifierModelName, ClockSource } from "./config.js";
export { classifyTexts } from "./classify-texts.js";
export type { TextOutcome } from "./classify-texts.js";
export { buildSentimentModel, LEXICON_FALLBACK_MODEL_NAME, MODEL_MODES } from "./build-model.js";
export type { ModelChoice, ModelMode } from "./build-model.js";
