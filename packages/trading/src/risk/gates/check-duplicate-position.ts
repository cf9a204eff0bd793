import { asAction, instrumentForAction, isRiskReducing } from "../action-facts.js";
import { liveAccountPositions } from "../exposure.js";
import { deny, pass } from "../gate-result.js";
import type { Gate } from "../gate-result.js";

/** One live position per (underlying, instrument type) in this account; closing rows still count. */
export const checkDuplicatePosition: Gate = (input) => {
  if (isRiskReducing(input)) return pass(0, 0);
  const action = asAction(input.rec.action);
  const instrumentType = action === undefined ? input.rec.instrumentType : instrumentForAction(action);
  const existing = liveAccountPositions(input.account.positions).find(
    (p) => p.underlying === input.rec.symbol && p.instrumentType === instrumentType,
  );
  if (existing !== undefined) {
    return deny("DUPLICATE_POSITION", {
      symbol: input.rec.symbol,
      instrument_type: instrumentType,
      held: existing.symbol,
      status: existing.status,
    }, { value: 1, threshold: 0 });
  }
  return pass(0, 0);
};
