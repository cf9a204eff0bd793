import { deny, pass } from "../gate-result.js";
import type { Gate } from "../gate-result.js";
import { ageSeconds, MAX_FUTURE_SKEW_SECONDS } from "./freshness.js";

/** No entries while nothing watches this account's exits: its position manager must have beaten recently. */
export const checkPositionManagerAlive: Gate = (input, cfg) => {
  const max = cfg.maxPositionManagerHeartbeatAgeSeconds;
  const beat = input.positionManagerHeartbeatAt;
  if (beat === undefined) return pass(null, max, "not_supplied");
  if (beat === null) return deny("POSITION_MANAGER_DOWN", { account: input.accountId, heartbeat: "none" }, { value: null, threshold: max });
  const age = ageSeconds(input.now, beat);
  if (Number.isNaN(age)) return deny("INVALID_INPUT", { heartbeat_at: beat });
  if (age < -MAX_FUTURE_SKEW_SECONDS) return deny("INVALID_INPUT", { heartbeat_at: beat, now: input.now }, { value: age, threshold: max });
  if (age > max) {
    return deny("POSITION_MANAGER_DOWN", { account: input.accountId, heartbeat_age_s: age, max_s: max }, { value: age, threshold: max });
  }
  return pass(age, max);
};
