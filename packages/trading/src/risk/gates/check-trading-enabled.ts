import { isRiskReducing } from "../action-facts.js";
import { deny, pass } from "../gate-result.js";
import type { Gate } from "../gate-result.js";

/**
 * Kill switch and risk mode: no risk_state row, a disabled account, an active halt or mode HALTED all
 * mean nothing new; REDUCING lets only a risk-reducing order (selling a held long) through.
 */
export const checkTradingEnabled: Gate = (input) => {
  const state = input.riskState;
  if (state === null) return deny("RISK_STATE_MISSING", { account: input.accountId }, { value: null, threshold: "ACTIVE" });
  const mode = state.mode ?? (state.tradingEnabled && !state.halted ? "ACTIVE" : "HALTED");
  const measure = { value: mode, threshold: "ACTIVE" };
  if (!state.tradingEnabled) return deny("TRADING_DISABLED", { account: input.accountId, reason: state.haltReason }, measure);
  if (state.halted || mode === "HALTED") {
    return deny("TRADING_HALTED", { account: input.accountId, mode, reason: state.haltReason }, { ...measure, value: "HALTED" });
  }
  if (mode === "REDUCING" && !isRiskReducing(input)) {
    return deny("TRADING_REDUCING", { account: input.accountId, action: input.rec.action, reason: state.haltReason }, measure);
  }
  return pass(mode, "ACTIVE");
};
