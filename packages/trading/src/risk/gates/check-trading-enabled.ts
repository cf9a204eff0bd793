import { deny, PASS } from "../gate-result.js";
import type { Gate } from "../gate-result.js";

/** Kill switch: no risk_state row, a disabled account or an active halt all mean no new entries. */
export const checkTradingEnabled: Gate = (input) => {
  const state = input.riskState;
  if (state === null) return deny("RISK_STATE_MISSING", { account: input.accountId });
  if (!state.tradingEnabled) return deny("TRADING_DISABLED", { account: input.accountId, reason: state.haltReason });
  if (state.halted) return deny("TRADING_HALTED", { account: input.accountId, reason: state.haltReason });
  return PASS;
};
