import { deny, pass } from "../gate-result.js";
import type { Gate } from "../gate-result.js";

/** Stops entries once today's loss reaches the limit; fed from real P&L, not a constant 0 (seed 45). */
export const checkDailyLossLimit: Gate = (input, cfg) => {
  const { realizedPnlTodayUsd: realized, unrealizedPnlUsd: unrealized } = input.account;
  if (!Number.isFinite(realized) || !Number.isFinite(unrealized)) {
    return deny("INVALID_INPUT", { realized_pnl_usd: realized, unrealized_pnl_usd: unrealized });
  }
  const pnl = realized + unrealized;
  if (pnl <= -cfg.maxDailyLossUsd) {
    return deny("DAILY_LOSS_LIMIT", { pnl_today_usd: pnl, realized_usd: realized, unrealized_usd: unrealized, limit_usd: cfg.maxDailyLossUsd }, { value: pnl, threshold: -cfg.maxDailyLossUsd });
  }
  return pass(pnl, -cfg.maxDailyLossUsd);
};
