// Account risk states, protections and the gate additions of issue 8. The older risk exports are
// listed one by one in ../index.ts; this barrel carries only what was added here.
export { deny as gateDeny, pass as gatePass } from "./gate-result.js";
export type { ContextValue, GateMeasure, GateValue } from "./gate-result.js";
export { AUTOMATIC_RISK_EVENTS, RISK_EVENTS, RISK_MODE_MACHINE, RISK_MODES, applyRiskEvent, asRiskMode, tradingEnabledFor } from "./risk-mode.js";
export type { AccountRiskStatus, RiskEvent, RiskMode, RiskTransition } from "./risk-mode.js";
export { activeLocksFor, isLockActive, liftLock } from "./risk-lock.js";
export type { RiskLock } from "./risk-lock.js";
export { PROTECTION_LOCK_REASONS, evaluateProtections } from "./evaluate-protections.js";
export type { ClosedTrade, ProtectionHistory, ProtectionLockReason, ProtectionOutcome } from "./evaluate-protections.js";
export { MINUTES_PER_TRADING_YEAR, VOLATILITY_REGIMES, classifyVolatility, volatilityBarsNeeded, volatilityReadingFromBars } from "./volatility-regime.js";
export type { VolatilityBar, VolatilityLevels, VolatilityReaderSettings, VolatilityReading, VolatilityRegime, VolatilitySource } from "./volatility-regime.js";
export { symbolEntryFacts } from "./symbol-entry-facts.js";
export type { EntryRecord } from "./symbol-entry-facts.js";
export type { ProtectionConfig } from "./account-risk-config.js";
export { liveAccountPositions } from "./exposure.js";
export { checkLocks } from "./gates/check-locks.js";
export { checkPositionManagerAlive } from "./gates/check-position-manager-alive.js";
export { checkVolatilityRegime } from "./gates/check-volatility-regime.js";
