// Dispatcher configuration. OPS_ACCOUNT is required (one process per account). Risk limits come from
// OPS_RISK_* for THIS account; a key left unset takes the documented default of this same account
// (@ops/trading DEFAULT_ACCOUNT_RISK), never another account's value (seed 11, 35). Every resolved
// value and where it came from is logged at startup.
import { ConfigError, DEFAULT_VOLATILITY_LEVELS, SERVICE_ACCOUNTS, baseServiceSchema, csvVar, enumVar, loadConfig, numberVar, volatilityConfigFrom, volatilityEnv } from "@ops/core";
import type { EnvSource } from "@ops/core";
import { ACTIONS, DEFAULT_ACCOUNT_RISK, DEFAULT_SIZING_TIERS } from "@ops/trading";
import type { AccountId, AccountRiskConfig, Action, SizingTier, VolatilityReaderSettings, VolatilitySource } from "@ops/trading";

import { CLOCK_SOURCES } from "@ops/broker-alpaca";
import { CRASH_POINTS } from "@ops/execution";

export { CLOCK_SOURCES };
export type { ClockSource } from "@ops/broker-alpaca";

/** OPS_RISK_* variables and the AccountRiskConfig field each one sets. */
export const RISK_ENV_KEYS = {
  OPS_RISK_MAX_OPEN_POSITIONS: "maxOpenPositions",
  OPS_RISK_MAX_EXPOSURE_USD: "maxExposureUsd",
  OPS_RISK_MAX_DAILY_LOSS_USD: "maxDailyLossUsd",
  OPS_RISK_MAX_CONSECUTIVE_LOSSES: "maxConsecutiveLosses",
  OPS_RISK_MAX_TRADES_PER_SYMBOL_PER_DAY: "maxTradesPerSymbolPerDay",
  OPS_RISK_SYMBOL_COOLDOWN_MINUTES: "symbolCooldownMinutes",
  OPS_RISK_MAX_BAR_AGE_S: "maxBarAgeSeconds",
  OPS_RISK_MAX_FEATURE_AGE_S: "maxFeatureSourceAgeSeconds",
  OPS_RISK_MAX_REC_AGE_S: "maxRecAgeSeconds",
  OPS_RISK_OPENING_NO_ENTRY_MINUTES: "openingNoEntryMinutes",
} as const satisfies Record<string, keyof AccountRiskConfig>;
type RiskEnvKey = keyof typeof RISK_ENV_KEYS;

const riskNumber = (integer: boolean) => numberVar({ min: 0, integer }).optional();

export const dispatcherConfigSchema = baseServiceSchema.extend({
  OPS_SERVICE: baseServiceSchema.shape.OPS_SERVICE.default("dispatcher"),
  // One process per account, and it must say which (seed 12).
  OPS_ACCOUNT: enumVar(SERVICE_ACCOUNTS),
  OPS_LOOP_INTERVAL_S: numberVar({ positive: true }).default(60),
  OPS_CLOCK: enumVar(CLOCK_SOURCES).default("wall"),
  OPS_UNRESOLVED_GRACE_S: numberVar({ positive: true }).default(60),
  OPS_CLAIM_ABANDON_S: numberVar({ positive: true }).default(300),
  OPS_MAX_RECS_PER_CYCLE: numberVar({ positive: true, integer: true }).default(10),
  OPS_STOCK_LIMIT_SLIPPAGE_BPS: numberVar({ min: 0, max: 100 }).default(5),
  OPS_STOCK_STOP_ATR_MULT: numberVar({ positive: true, max: 10 }).default(2),
  OPS_OPTION_LIMIT_OFFSET: numberVar({ min: 0, max: 1 }).default(0),
  OPS_ENTRY_TIMEOUT_S: numberVar({ positive: true }).default(120),
  OPS_ENTRY_REPRICE_STEPS: numberVar({ min: 0, max: 5, integer: true }).default(2),
  OPS_ENTRY_REPRICE_STEP: numberVar({ min: 0, max: 1 }).default(0.5),
  OPS_RISK_MAX_OPEN_POSITIONS: riskNumber(true),
  OPS_RISK_MAX_EXPOSURE_USD: riskNumber(false),
  OPS_RISK_MAX_DAILY_LOSS_USD: riskNumber(false),
  OPS_RISK_MAX_CONSECUTIVE_LOSSES: riskNumber(true),
  OPS_RISK_MAX_TRADES_PER_SYMBOL_PER_DAY: riskNumber(true),
  OPS_RISK_SYMBOL_COOLDOWN_MINUTES: riskNumber(false),
  OPS_RISK_MAX_BAR_AGE_S: riskNumber(false),
  OPS_RISK_MAX_FEATURE_AGE_S: riskNumber(false),
  OPS_RISK_MAX_REC_AGE_S: riskNumber(false),
  OPS_RISK_OPENING_NO_ENTRY_MINUTES: riskNumber(false),
  OPS_RISK_ALLOWED_ACTIONS: csvVar().optional(),
  // The volatility_regime gate's source; the same variables telemetry reads to fetch its bars.
  ...volatilityEnv,
  // TEST ONLY (crash tests): the process SIGKILLs itself at this point of an order. Unset = inert.
  OPS_TEST_CRASH_AT: enumVar(CRASH_POINTS).optional(),
});
export type DispatcherEnvConfig = ReturnType<typeof parseDispatcherEnv>;

function parseDispatcherEnv(env: EnvSource) {
  return loadConfig(dispatcherConfigSchema, env);
}

/** What the cycle needs, independent of how it was loaded (the orchestrator builds it directly). */
export interface DispatcherSettings {
  readonly account: AccountId;
  /** claimed_by on dispatch rows. */
  readonly instance: string;
  readonly unresolvedGraceS: number;
  /** A claim left undecided this long (clock time) is marked failed (its process died mid-cycle). */
  readonly claimAbandonS: number;
  readonly maxRecsPerCycle: number;
  /** Stock entries: limit = last price × (1 + bps), rounded up to the tick. */
  readonly stockLimitSlippageBps: number;
  /** Stock entries: stop = entry − mult × ATR14 (for sizing). */
  readonly stockStopAtrMult: number;
  /** Option entries: limit = mid + offset × (ask − mid), on the tick (0 = the mid). */
  readonly optionLimitOffset: number;
  /** An entry limit not filled this long (clock time since its POST) is cancelled. */
  readonly entryTimeoutS: number;
  /** Option entries cancelled unfilled are re-sent this many times at most (0 = cancel only). */
  readonly entryRepriceSteps: number;
  /** Each re-price moves the limit this fraction of the half-spread further toward the ask. */
  readonly entryRepriceStep: number;
  readonly risk: AccountRiskConfig;
  readonly sizing: SizingTier;
  /** Where the volatility_regime gate's reading comes from; kind none = the gate passes flagged not_supplied. */
  readonly volatility: { readonly source: VolatilitySource; readonly settings: VolatilityReaderSettings };
}

export type RiskValueSource = "env" | "account_default";

export interface LoadedDispatcherConfig {
  readonly env: DispatcherEnvConfig;
  readonly settings: DispatcherSettings;
  /** Where each risk value came from, for the startup log. */
  readonly riskSources: Readonly<Record<string, RiskValueSource>>;
}

/** The documented defaults of a KNOWN account (tests and the in-process orchestrator). */
export function defaultDispatcherSettings(account: AccountId, instance = "dispatcher"): DispatcherSettings {
  return {
    account,
    instance,
    unresolvedGraceS: 60,
    claimAbandonS: 300,
    maxRecsPerCycle: 10,
    stockLimitSlippageBps: 5,
    stockStopAtrMult: 2,
    optionLimitOffset: 0,
    entryTimeoutS: 120,
    entryRepriceSteps: 2,
    entryRepriceStep: 0.5,
    risk: DEFAULT_ACCOUNT_RISK[account],
    sizing: DEFAULT_SIZING_TIERS[account],
    volatility: { source: { kind: "none" }, settings: { levels: DEFAULT_VOLATILITY_LEVELS, maxAgeSeconds: 300, realizedWindow: 60 } },
  };
}

export function loadDispatcherConfig(env: EnvSource = process.env): LoadedDispatcherConfig {
  const parsed = parseDispatcherEnv(env);
  const account = parsed.OPS_ACCOUNT;
  const { risk, sources } = resolveRisk(account, parsed);
  return {
    env: parsed,
    riskSources: sources,
    settings: {
      account,
      instance: parsed.OPS_INSTANCE,
      unresolvedGraceS: parsed.OPS_UNRESOLVED_GRACE_S,
      claimAbandonS: parsed.OPS_CLAIM_ABANDON_S,
      maxRecsPerCycle: parsed.OPS_MAX_RECS_PER_CYCLE,
      stockLimitSlippageBps: parsed.OPS_STOCK_LIMIT_SLIPPAGE_BPS,
      stockStopAtrMult: parsed.OPS_STOCK_STOP_ATR_MULT,
      optionLimitOffset: parsed.OPS_OPTION_LIMIT_OFFSET,
      entryTimeoutS: parsed.OPS_ENTRY_TIMEOUT_S,
      entryRepriceSteps: parsed.OPS_ENTRY_REPRICE_STEPS,
      entryRepriceStep: parsed.OPS_ENTRY_REPRICE_STEP,
      risk,
      sizing: DEFAULT_SIZING_TIERS[account],
      volatility: volatilityConfigFrom(parsed),
    },
  };
}

function resolveRisk(account: AccountId, parsed: DispatcherEnvConfig): { risk: AccountRiskConfig; sources: Record<string, RiskValueSource> } {
  const base = DEFAULT_ACCOUNT_RISK[account];
  const sources: Record<string, RiskValueSource> = {};
  const overrides: Record<string, number> = {};
  for (const key of Object.keys(RISK_ENV_KEYS) as RiskEnvKey[]) {
    const value = parsed[key];
    const field = RISK_ENV_KEYS[key];
    sources[field] = value === undefined ? "account_default" : "env";
    if (value !== undefined) overrides[field] = value;
  }
  let allowedActions: readonly Action[] = base.allowedActions;
  sources.allowedActions = "account_default";
  const issues: { variable: string; message: string }[] = [];
  if (parsed.OPS_RISK_ALLOWED_ACTIONS !== undefined) {
    const unknown = parsed.OPS_RISK_ALLOWED_ACTIONS.filter((a) => !(ACTIONS as readonly string[]).includes(a));
    if (unknown.length > 0) {
      issues.push({ variable: "OPS_RISK_ALLOWED_ACTIONS", message: `unknown action(s) ${unknown.join(", ")} (allowed: ${ACTIONS.join(", ")})` });
    }
    allowedActions = parsed.OPS_RISK_ALLOWED_ACTIONS.filter((a): a is Action => (ACTIONS as readonly string[]).includes(a));
    sources.allowedActions = "env";
  }
  const risk: AccountRiskConfig = { ...base, ...overrides, allowedActions };
  issues.push(...riskProblems(risk));
  if (issues.length > 0) {
    throw new ConfigError(issues.map((i) => `${i.variable}: ${i.message}`).join("\n"), { issues });
  }
  return { risk, sources };
}

/** Cross-field checks; a limit that makes no sense for the account refuses the start. */
export function riskProblems(risk: AccountRiskConfig): { variable: string; message: string }[] {
  const issues: { variable: string; message: string }[] = [];
  if (risk.maxOpenPositions < 1) issues.push({ variable: "OPS_RISK_MAX_OPEN_POSITIONS", message: "must be at least 1" });
  if (!(risk.maxExposureUsd > 0)) issues.push({ variable: "OPS_RISK_MAX_EXPOSURE_USD", message: "must be greater than 0" });
  if (!(risk.maxDailyLossUsd > 0)) issues.push({ variable: "OPS_RISK_MAX_DAILY_LOSS_USD", message: "must be greater than 0" });
  if (risk.maxDailyLossUsd > risk.maxExposureUsd) {
    issues.push({ variable: "OPS_RISK_MAX_DAILY_LOSS_USD", message: `${risk.maxDailyLossUsd} exceeds the exposure limit ${risk.maxExposureUsd}` });
  }
  if (!(risk.maxRecAgeSeconds > 0)) issues.push({ variable: "OPS_RISK_MAX_REC_AGE_S", message: "must be greater than 0" });
  if (!(risk.maxBarAgeSeconds > 0)) issues.push({ variable: "OPS_RISK_MAX_BAR_AGE_S", message: "must be greater than 0" });
  if (!(risk.maxFeatureSourceAgeSeconds > 0)) issues.push({ variable: "OPS_RISK_MAX_FEATURE_AGE_S", message: "must be greater than 0" });
  return issues;
}

/** Exposure may exceed the account's size (buying power caps it anyway) but not by this factor. */
export const MAX_EXPOSURE_TO_EQUITY = 2;

/**
 * Seed 35: limits are checked against the account's size (accounts.starting_equity), so the $1K
 * account cannot run with the $100K account's $10K exposure. The documented tiny limit ($1,500 on $1,000)
 * is within the factor; ten times the account is not.
 */
export function riskProblemsForEquity(risk: AccountRiskConfig, startingEquity: number): string[] {
  const problems: string[] = [];
  if (risk.maxExposureUsd > startingEquity * MAX_EXPOSURE_TO_EQUITY) {
    problems.push(
      `OPS_RISK_MAX_EXPOSURE_USD: ${risk.maxExposureUsd} exceeds ${MAX_EXPOSURE_TO_EQUITY}x the ${risk.accountId} account size ${startingEquity}`,
    );
  }
  if (risk.maxDailyLossUsd > startingEquity) {
    problems.push(`OPS_RISK_MAX_DAILY_LOSS_USD: ${risk.maxDailyLossUsd} exceeds the ${risk.accountId} account size ${startingEquity}`);
  }
  return problems;
}
