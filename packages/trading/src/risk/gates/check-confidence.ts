import { asAction, asStrategyType, instrumentForAction } from "../action-facts.js";
import { deny, pass } from "../gate-result.js";
import type { Gate } from "../gate-result.js";

/** Minimum confidence per strategy for options, one floor for stock; unknown strategies are denied. */
export const checkConfidence: Gate = (input, cfg) => {
  const { confidence, strategyType } = input.rec;
  const strategy = asStrategyType(strategyType);
  if (strategy === undefined) return deny("UNKNOWN_STRATEGY", { strategy: strategyType });
  if (!Number.isFinite(confidence) || confidence < 0 || confidence > 1) {
    return deny("INVALID_INPUT", { confidence }, { value: confidence, threshold: null });
  }
  const action = asAction(input.rec.action);
  const optionsMin = cfg.minConfidence.options[strategy];
  const min =
    action === undefined
      ? Math.max(optionsMin, cfg.minConfidence.stock)
      : instrumentForAction(action) === "STOCK"
        ? cfg.minConfidence.stock
        : optionsMin;
  if (confidence < min) return deny("CONFIDENCE_TOO_LOW", { confidence, min, strategy }, { value: confidence, threshold: min });
  return pass(confidence, min);
};
