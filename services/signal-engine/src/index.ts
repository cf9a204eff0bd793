export { RECOMMENDATIONS_CHANNEL, createSignalEngineCycle } from "./cycle.js";
export type { SignalEngineDeps } from "./cycle.js";
export { loadSignalEngineConfig, signalEngineConfigSchema } from "./config.js";
export type { SignalCycleConfig, SignalEngineConfig } from "./config.js";
export { toRecommendation } from "./to-recommendation.js";
export type { RecommendationContext } from "./to-recommendation.js";
