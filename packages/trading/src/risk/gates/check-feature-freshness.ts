import { deny, pass } from "../gate-result.js";
import type { Gate } from "../gate-result.js";
import { ageSeconds, MAX_FUTURE_SKEW_SECONDS } from "./freshness.js";

/**
 * Features are as fresh as the newest bar they were computed from, not as fresh as the computation
 * (seed 18: features "computed" a minute ago from 3-day-old bars passed).
 */
export const checkFeatureFreshness: Gate = (input, cfg) => {
  const sourceTs = input.featuresSourceBarTs;
  if (sourceTs === null) return deny("FEATURES_MISSING", { symbol: input.rec.symbol }, { value: null, threshold: cfg.maxFeatureSourceAgeSeconds });
  const age = ageSeconds(input.now, sourceTs);
  if (Number.isNaN(age)) return deny("INVALID_INPUT", { features_source_bar_ts: sourceTs });
  if (age < -MAX_FUTURE_SKEW_SECONDS) return deny("BAR_IN_FUTURE", { features_source_bar_ts: sourceTs, now: input.now }, { value: age, threshold: -MAX_FUTURE_SKEW_SECONDS });
  if (age > cfg.maxFeatureSourceAgeSeconds) {
    return deny("FEATURES_STALE", { source_bar_age_s: age, max_s: cfg.maxFeatureSourceAgeSeconds }, { value: age, threshold: cfg.maxFeatureSourceAgeSeconds });
  }
  return pass(age, cfg.maxFeatureSourceAgeSeconds);
};
