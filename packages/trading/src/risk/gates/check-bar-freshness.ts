import { deny, pass } from "../gate-result.js";
import type { Gate } from "../gate-result.js";
import { ageSeconds, MAX_FUTURE_SKEW_SECONDS } from "./freshness.js";

/** The newest bar must be recent; age is measured from the bar's own start time. */
export const checkBarFreshness: Gate = (input, cfg) => {
  const bar = input.newestBar;
  if (bar === null) return deny("BAR_STALE", { symbol: input.rec.symbol, bar: "none" }, { value: null, threshold: cfg.maxBarAgeSeconds });
  const age = ageSeconds(input.now, bar.ts);
  if (Number.isNaN(age)) return deny("INVALID_INPUT", { bar_ts: bar.ts });
  if (age < -MAX_FUTURE_SKEW_SECONDS) return deny("BAR_IN_FUTURE", { bar_ts: bar.ts, now: input.now }, { value: age, threshold: -MAX_FUTURE_SKEW_SECONDS });
  if (age > cfg.maxBarAgeSeconds) return deny("BAR_STALE", { bar_age_s: age, max_s: cfg.maxBarAgeSeconds }, { value: age, threshold: cfg.maxBarAgeSeconds });
  return pass(age, cfg.maxBarAgeSeconds);
};
