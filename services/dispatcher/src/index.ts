export { createDispatcherCycle, DISPATCH_COUNT_KEYS, DISPATCH_SKIP_CODES } from "./cycle.js";
export type { DispatchCounts, DispatcherDeps } from "./cycle.js";
export {
  CLOCK_SOURCES,
  MAX_EXPOSURE_TO_EQUITY,
  RISK_ENV_KEYS,
  defaultDispatcherSettings,
  dispatcherConfigSchema,
  loadDispatcherConfig,
  riskProblems,
  riskProblemsForEquity,
} from "./config.js";
export type { ClockSource, DispatcherEnvConfig, DispatcherSettings, LoadedDispatcherConfig, RiskValueSource } from "./config.js";
export { createSessionSource } from "./session-source.js";
export type { SessionSource } from "./session-source.js";
export { buildGateInput } from "./build-gate-input.js";
export { planOptionEntry, planStockEntry } from "./plan-entry.js";
export type { EntryPlan } from "./plan-entry.js";
