import { asAction, instrumentForAction } from "../action-facts.js";
import { deny, pass } from "../gate-result.js";
import type { Gate } from "../gate-result.js";

/**
 * The rec's action must be a known canonical action, allowed for this account, and agree with its
 * instrument type (seed 19 compared `CALL` with `BUY_CALL` and blocked every option).
 */
export const checkActionAllowed: Gate = (input, cfg) => {
  const allowed = cfg.allowedActions.join(",");
  const action = asAction(input.rec.action);
  if (action === undefined) return deny("UNKNOWN_ACTION", { action: input.rec.action }, { value: input.rec.action, threshold: allowed });
  if (!cfg.allowedActions.includes(action)) {
    return deny("ACTION_NOT_ALLOWED", { action, allowed }, { value: action, threshold: allowed });
  }
  const expected = instrumentForAction(action);
  if (input.rec.instrumentType !== expected) {
    return deny("ACTION_INSTRUMENT_MISMATCH", { action, instrument_type: input.rec.instrumentType, expected }, { value: input.rec.instrumentType, threshold: expected });
  }
  return pass(action, allowed);
};
