import { isRiskReducing } from "../action-facts.js";
import { deny, pass } from "../gate-result.js";
import type { Gate } from "../gate-result.js";
import { activeLocksFor } from "../risk-lock.js";

/** Account-wide locks (StoplossGuard, ops) and per-underlying locks (after a losing exit) block entries. */
export const checkLocks: Gate = (input) => {
  if (input.locks === undefined) return pass(null, null, "not_supplied");
  if (isRiskReducing(input)) return pass(0, 0);
  const active = activeLocksFor(input.locks, input.accountId, input.now);
  const account = active.find((l) => l.symbol === null);
  const symbol = active.find((l) => l.symbol === input.rec.symbol);
  const blocking = account ?? symbol;
  if (blocking === undefined) return pass(0, 0);
  return deny(
    account === undefined ? "SYMBOL_LOCKED" : "ACCOUNT_LOCKED",
    { symbol: blocking.symbol ?? "*", reason: blocking.reason, locked_until: blocking.lockedUntil },
    { value: blocking.lockedUntil, threshold: input.now },
  );
};
