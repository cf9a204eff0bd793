import { ACCOUNT_IDS } from "../domain/vocabulary.js";
import type { AccountId, Action, StrategyType } from "../domain/vocabulary.js";
import type { VolatilityRegime } from "./volatility-regime.js";

/** Per-account risk limits (seed 35: one shared config let the $1K account trade like the $100K one). */
export interface AccountRiskConfig {
  readonly accountId: AccountId;
  readonly maxOpenPositions: number;
  /** Σ qty × entry price × multiplier over open and closing positions. */
  readonly maxExposureUsd: number;
  /** Deny new entries once today's realized + unrealized P&L is at or below −this. */
  readonly maxDailyLossUsd: number;
  /** Deny new entries after this many consecutive losing trades. */
  readonly maxConsecutiveLosses: number;
  readonly maxTradesPerSymbolPerDay: number;
  readonly symbolCooldownMinutes: number;
  readonly maxBarAgeSeconds: number;
  readonly maxFeatureSourceAgeSeconds: number;
  readonly maxRecAgeSeconds: number;
  /** No entries during the first minutes after the open (opening auction noise). */
  readonly openingNoEntryMinutes: number;
  /**
   * Entry cutoff per strategy, as minutes before the session close. On a regular 16:00 close, 120 means
   * 14:00 ET; on an early close the cutoff moves earlier by the same amount.
   */
  readonly entryCutoffMinutesBeforeClose: Readonly<Record<StrategyType, number>>;
  readonly minConfidence: {
    readonly options: Readonly<Record<StrategyType, number>>;
    readonly stock: number;
  };
  readonly allowedActions: readonly Action[];
  readonly allowShorting: boolean;
  /** No entries while this account's position manager has not beaten for this long (nothing watches exits). */
  readonly maxPositionManagerHeartbeatAgeSeconds: number;
  /** Regimes in which no entry is made (seed: extreme only, VIX ≥ 40). */
  readonly blockedVolatilityRegimes: readonly VolatilityRegime[];
  readonly protections: ProtectionConfig;
}

/** Automatic risk-state switches and locks (evaluate-protections.ts). */
export interface ProtectionConfig {
  /** Drawdown from the day's peak equity, as a fraction, at which the account goes HALTED. */
  readonly maxDrawdownFromPeakPct: number;
  /** StoplossGuard: this many stop-loss exits within the window lock the whole account. */
  readonly stoplossGuard: {
    readonly maxStops: number;
    readonly windowMinutes: number;
    /** Lock length, counted from the last stop-loss exit (freqtrade's stop_duration). */
    readonly lockMinutes: number;
  };
  /** Exit reasons that count as a stop-loss for the guard. */
  readonly stopLossExitReasons: readonly string[];
  /** A losing exit locks new entries in that underlying for this long; 0 disables. */
  readonly tickerLockAfterLossMinutes: number;
}

const SHARED = {
  maxConsecutiveLosses: 3,
  maxTradesPerSymbolPerDay: 2,
  symbolCooldownMinutes: 15,
  // Bars arrive on a ~60–80 s cycle plus fetch time; 120 s blocked every trade (seed 16).
  maxBarAgeSeconds: 180,
  maxFeatureSourceAgeSeconds: 300,
  maxRecAgeSeconds: 300,
  openingNoEntryMinutes: 5,
  allowShorting: false,
  // Position managers beat every cycle (~30–60 s); three missed beats means nothing watches exits.
  maxPositionManagerHeartbeatAgeSeconds: 180,
  blockedVolatilityRegimes: ["extreme"],
} as const;

const SHARED_PROTECTIONS = {
  stoplossGuard: { maxStops: 3, windowMinutes: 60, lockMinutes: 60 },
  // Option stops are the common case here; a trailing stop is a stop that locked in less than hoped.
  stopLossExitReasons: ["stop_loss", "option_stop_loss", "trailing_stop"],
  tickerLockAfterLossMinutes: 30,
} as const;

/** §3.10 numbers. Anything not listed here has no config, and no config means no trading. */
export const DEFAULT_ACCOUNT_RISK: Readonly<Record<AccountId, AccountRiskConfig>> = {
  "large-100k": {
    ...SHARED,
    accountId: "large-100k",
    maxOpenPositions: 5,
    maxExposureUsd: 10_000,
    maxDailyLossUsd: 500,
    // 14:00 ET for day trades and gap fades, 15:00 ET for swing and conservative.
    entryCutoffMinutesBeforeClose: { day_trade: 120, gap_fade: 120, swing_trade: 60, conservative: 60 },
    minConfidence: {
      options: { day_trade: 0.6, swing_trade: 0.58, conservative: 0.55, gap_fade: 0.6 },
      stock: 0.55,
    },
    allowedActions: ["BUY_CALL", "BUY_PUT"],
    // 1.5 % of ~$100K: three times the daily loss limit, so HALTED is the harder stop behind REDUCING.
    protections: { ...SHARED_PROTECTIONS, maxDrawdownFromPeakPct: 0.015 },
  },
  "tiny-1k": {
    ...SHARED,
    accountId: "tiny-1k",
    maxOpenPositions: 2,
    maxExposureUsd: 1_500,
    maxDailyLossUsd: 100,
    // 13:00 ET for day trades and gap fades, 14:00 ET for swing and conservative.
    entryCutoffMinutesBeforeClose: { day_trade: 180, gap_fade: 180, swing_trade: 120, conservative: 120 },
    minConfidence: {
      options: { day_trade: 0.6, swing_trade: 0.58, conservative: 0.55, gap_fade: 0.6 },
      stock: 0.55,
    },
    allowedActions: ["BUY_CALL", "BUY_PUT", "BUY_STOCK", "SELL_STOCK"],
    // 20 % of ~$1K: twice the daily loss limit.
    protections: { ...SHARED_PROTECTIONS, maxDrawdownFromPeakPct: 0.2 },
  },
};

/** Looks a config up by an untrusted id; an unknown account gets none (fail closed, seed 12). */
export function riskConfigFor(accountId: string): AccountRiskConfig | undefined {
  const known = ACCOUNT_IDS.find((id) => id === accountId);
  return known === undefined ? undefined : DEFAULT_ACCOUNT_RISK[known];
}
