import type { AccountRiskConfig } from "./account-risk-config.js";
import type { GateInput } from "./gate-input.js";
import { deny, pass } from "./gate-result.js";
import type { Gate, GateOutcome } from "./gate-result.js";
import { checkActionAllowed } from "./gates/check-action-allowed.js";
import { checkBarFreshness } from "./gates/check-bar-freshness.js";
import { checkConfidence } from "./gates/check-confidence.js";
import { checkDailyLossLimit } from "./gates/check-daily-loss-limit.js";
import { checkDuplicatePosition } from "./gates/check-duplicate-position.js";
import { checkFeatureFreshness } from "./gates/check-feature-freshness.js";
import { checkLocks } from "./gates/check-locks.js";
import { checkLossStreak } from "./gates/check-loss-streak.js";
import { checkMaxExposure } from "./gates/check-max-exposure.js";
import { checkMaxPositions } from "./gates/check-max-positions.js";
import { checkNoData } from "./gates/check-no-data.js";
import { checkPositionManagerAlive } from "./gates/check-position-manager-alive.js";
import { checkRecommendationFreshness } from "./gates/check-recommendation-freshness.js";
import { checkSellStockPosition } from "./gates/check-sell-stock-position.js";
import { checkTickerCooldown } from "./gates/check-ticker-cooldown.js";
import { checkTickerDailyLimit } from "./gates/check-ticker-daily-limit.js";
import { checkTradingEnabled } from "./gates/check-trading-enabled.js";
import { checkTradingHours } from "./gates/check-trading-hours.js";
import { checkVolatilityRegime } from "./gates/check-volatility-regime.js";

/** Gate names in evaluation order; stored with each result. */
export const GATE_NAMES = [
  "account_config",
  "trading_enabled",
  "risk_locks",
  "position_manager_alive",
  "daily_loss_limit",
  "loss_streak",
  "volatility_regime",
  "trading_hours",
  "duplicate_position",
  "no_data",
  "bar_freshness",
  "feature_freshness",
  "recommendation_freshness",
  "max_positions",
  "max_exposure",
  "ticker_daily_limit",
  "ticker_cooldown",
  "confidence",
  "action_allowed",
  "sell_stock_position",
] as const;
export type GateName = (typeof GATE_NAMES)[number];

export type GateResult = GateOutcome & { readonly gate: GateName };

/**
 * What a re-priced entry does NOT judge again. A re-price is the same entry decision at a better price: the
 * recommendation's data freshness, confidence, cooldown and per-ticker counts were judged when it was first
 * sent (and the cancelled attempt it replaces held nothing). Everything else is about the account, which may
 * have changed since: mode, locks, exit owner, losses, session, volatility, open positions, exposure.
 */
const JUDGED_ONCE_PER_REC: ReadonlySet<GateName> = new Set<GateName>([
  "no_data", "bar_freshness", "feature_freshness", "recommendation_freshness", "ticker_daily_limit", "ticker_cooldown",
  "confidence", "action_allowed", "sell_stock_position",
]);

/** The gates a re-priced entry passes again, in evaluation order. */
export const REPRICE_GATE_NAMES: readonly GateName[] = GATE_NAMES.filter((g) => !JUDGED_ONCE_PER_REC.has(g));

export interface GateEvaluation {
  /** True only when every gate passed. */
  readonly passed: boolean;
  /** One result per gate, in GATE_NAMES order, passes included (stored as the audit trail). */
  readonly results: readonly GateResult[];
  /** Just the denials, for logging and the skip reason. */
  readonly denials: readonly (GateResult & { readonly ok: false })[];
  /** Passes that passed for lack of an input (e.g. no volatility reading), for the status view. */
  readonly flagged: readonly (GateResult & { readonly ok: true; readonly flag: string })[];
}

/** The config must exist and belong to the account being evaluated (seed 31, 35). */
const checkAccountConfig: Gate = (input, cfg) =>
  cfg.accountId === input.accountId
    ? pass(input.accountId, cfg.accountId)
    : deny(
        "CONFIG_ACCOUNT_MISMATCH",
        { account: input.accountId, config_account: cfg.accountId },
        { value: input.accountId, threshold: cfg.accountId },
      );

const GATES: Readonly<Record<GateName, Gate>> = {
  account_config: checkAccountConfig,
  trading_enabled: checkTradingEnabled,
  risk_locks: checkLocks,
  position_manager_alive: checkPositionManagerAlive,
  daily_loss_limit: checkDailyLossLimit,
  loss_streak: checkLossStreak,
  volatility_regime: checkVolatilityRegime,
  trading_hours: checkTradingHours,
  duplicate_position: checkDuplicatePosition,
  no_data: checkNoData,
  bar_freshness: checkBarFreshness,
  feature_freshness: checkFeatureFreshness,
  recommendation_freshness: checkRecommendationFreshness,
  max_positions: checkMaxPositions,
  max_exposure: checkMaxExposure,
  ticker_daily_limit: checkTickerDailyLimit,
  ticker_cooldown: checkTickerCooldown,
  confidence: checkConfidence,
  action_allowed: checkActionAllowed,
  sell_stock_position: checkSellStockPosition,
};

/**
 * Runs EVERY gate (no short-circuit) so the stored record explains all reasons at once. Without a
 * config (unknown account) nothing can pass: the single result says so.
 */
export function evaluateGates(
  input: GateInput,
  cfg: AccountRiskConfig | undefined,
  gates: readonly GateName[] = GATE_NAMES,
): GateEvaluation {
  const results: GateResult[] =
    cfg === undefined
      ? [{ gate: "account_config", ...deny("ACCOUNT_NOT_CONFIGURED", { account: input.accountId }, { value: input.accountId, threshold: null }) }]
      : gates.map((gate) => ({ gate, ...runGate(GATES[gate], input, cfg) }));
  const denials = results.filter((r): r is GateResult & { readonly ok: false } => !r.ok);
  const flagged = results.filter(
    (r): r is GateResult & { readonly ok: true; readonly flag: string } => r.ok && r.flag !== undefined,
  );
  return { passed: denials.length === 0, results, denials, flagged };
}

/** A gate that throws is a bug, and a bug must deny, not crash the cycle or let a trade through. */
function runGate(gate: Gate, input: GateInput, cfg: AccountRiskConfig): GateOutcome {
  try {
    return gate(input, cfg);
  } catch (error) {
    return deny("INVALID_INPUT", { error: error instanceof Error ? error.message : String(error) });
  }
}
