export { createClassifierCycle, failedModelName } from "./cycle.js";
export type { ClassifierDeps } from "./cycle.js";
export { classifierConfigSchema, loadClassifierConfig, CLASSIFIER_MODELS, CLOCK_SOURCES } from "./config.js";
export type { ClassifierConfig, ClassifierCycleConfig, ClassifierModelName, ClockSource } from "./config.js";
export { classifyTexts } from "./classify-texts.js";
export type { TextOutcome } from "./classify-texts.js";
