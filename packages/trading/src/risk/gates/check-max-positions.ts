import { isRiskReducing } from "../action-facts.js";
import { liveAccountPositions } from "../exposure.js";
import { deny, pass } from "../gate-result.js";
import type { Gate } from "../gate-result.js";

/** Counts this account's open and closing rows (seed 31: the count once saw 0 for 22 positions). */
export const checkMaxPositions: Gate = (input, cfg) => {
  if (isRiskReducing(input)) return pass(liveAccountPositions(input.account.positions).length, cfg.maxOpenPositions);
  const count = liveAccountPositions(input.account.positions).length;
  if (count >= cfg.maxOpenPositions) {
    return deny("MAX_POSITIONS", { open_positions: count, max: cfg.maxOpenPositions }, { value: count, threshold: cfg.maxOpenPositions });
  }
  return pass(count, cfg.maxOpenPositions);
};
