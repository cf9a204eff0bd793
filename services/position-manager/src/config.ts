import { SERVICE_ACCOUNTS, baseServiceSchema, enumVar, numberVar, volatilityConfigFrom, volatilityEnv } from "@ops/core";
import type { VolatilityConfig } from "@ops/core";
import { DEFAULT_ACCOUNT_RISK } from "@ops/trading";
import type { AccountRiskConfig } from "@ops/trading";

import { CLOCK_SOURCES } from "@ops/broker-alpaca";

export { CLOCK_SOURCES };
export type { ClockSource } from "@ops/broker-alpaca";

/**
 * Position-manager settings. One process per account, so OPS_ACCOUNT is required (seed 34: every
 * trading account needs its own exit owner). The exit thresholds themselves are the reviewed
 * DEFAULT_EXIT_POLICY in @ops/trading, not environment knobs. Nothing here opens a position: this
 * service only closes what the broker says is held.
 */
export const positionManagerConfigSchema = baseServiceSchema.extend({
  OPS_ACCOUNT: enumVar(SERVICE_ACCOUNTS),
  // The dispatcher's volatility source, read here for the end-of-day engine (volatility_extreme, the
  // overnight bar): one regime for entries and for holding overnight.
  ...volatilityEnv,
  /** A position 'closing' for longer than this is resolved against the broker (seed 30). */
  OPS_PM_CLOSING_TIMEOUT_S: numberVar({ integer: true, min: 30, max: 86_400 }).default(600),
  /** A limit exit (close escalation: mid, then bid, then market) still working after this is re-priced. */
  OPS_PM_LIMIT_EXIT_TIMEOUT_S: numberVar({ integer: true, min: 15, max: 3600 }).default(90),
  /** A bar close or option quote older than this is not a mark: no exit is decided on it (seed 37). */
  OPS_PM_MARK_MAX_AGE_S: numberVar({ integer: true, min: 5, max: 3600 }).default(180),
  /** Seconds an order may be unknown to the broker before execution declares it not_at_broker. */
  OPS_PM_UNRESOLVED_GRACE_S: numberVar({ integer: true, min: 5, max: 3600 }).default(60),
  /** wall: the machine clock (production). sim: the simulator's GET /v2/clock (replays). */
  OPS_CLOCK: enumVar(CLOCK_SOURCES).default("wall"),
  /**
   * The dispatcher's variable, read here too: the daily loss limit that denies entries is the one that
   * switches the account to REDUCING. Unset = the account's default (large-100k $500, tiny-1k $100).
   */
  OPS_RISK_MAX_DAILY_LOSS_USD: numberVar({ positive: true }).optional(),
});

// zod is not a dependency of this package; the parse result is the schema's output type.
export type PositionManagerConfig = ReturnType<typeof positionManagerConfigSchema.parse>;

/** The settings the cycle itself reads (tests build this directly). */
export type PositionManagerCycleConfig = Pick<
  PositionManagerConfig,
  "OPS_PM_CLOSING_TIMEOUT_S" | "OPS_PM_MARK_MAX_AGE_S" | "OPS_PM_UNRESOLVED_GRACE_S"
> &
  // Optional so that callers built before close escalation keep compiling; absent = 90 s.
  Partial<Pick<PositionManagerConfig, "OPS_PM_LIMIT_EXIT_TIMEOUT_S">>;

export const DEFAULT_CYCLE_CONFIG: PositionManagerCycleConfig = {
  OPS_PM_CLOSING_TIMEOUT_S: 600,
  OPS_PM_LIMIT_EXIT_TIMEOUT_S: 90,
  OPS_PM_MARK_MAX_AGE_S: 180,
  OPS_PM_UNRESOLVED_GRACE_S: 60,
};

/** What a parsed config gives the cycle besides its timers: the account's protections and the volatility source. */
export interface PositionManagerSettings {
  readonly cycle: PositionManagerCycleConfig;
  readonly protections: Pick<AccountRiskConfig, "accountId" | "maxDailyLossUsd" | "protections">;
  readonly volatility: VolatilityConfig;
}

/** One translation from environment to cycle settings, for main.ts and the in-process pipeline alike. */
export function positionManagerSettings(config: PositionManagerConfig): PositionManagerSettings {
  const risk = DEFAULT_ACCOUNT_RISK[config.OPS_ACCOUNT];
  return {
    cycle: {
      OPS_PM_CLOSING_TIMEOUT_S: config.OPS_PM_CLOSING_TIMEOUT_S,
      OPS_PM_LIMIT_EXIT_TIMEOUT_S: config.OPS_PM_LIMIT_EXIT_TIMEOUT_S,
      OPS_PM_MARK_MAX_AGE_S: config.OPS_PM_MARK_MAX_AGE_S,
      OPS_PM_UNRESOLVED_GRACE_S: config.OPS_PM_UNRESOLVED_GRACE_S,
    },
    protections: { ...risk, maxDailyLossUsd: config.OPS_RISK_MAX_DAILY_LOSS_USD ?? risk.maxDailyLossUsd },
    volatility: volatilityConfigFrom(config),
  };
}
