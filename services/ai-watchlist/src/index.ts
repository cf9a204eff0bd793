export { createAiWatchlistCycle } from "./cycle.js";
export type { AiWatchlistDeps } from "./cycle.js";
export { aiWatchlistConfigSchema, loadAiWatchlistConfig } from "./config.js";
export type { AiWatchlistConfig } from "./config.js";
export type { Candidate, CandidateSource } from "./candidate-source.js";
export { configCandidateSource } from "./config-candidate-source.js";
export { planUniverseSync } from "./plan-universe-sync.js";
export type { UniverseRow, UniverseSyncPlan } from "./plan-universe-sync.js";
