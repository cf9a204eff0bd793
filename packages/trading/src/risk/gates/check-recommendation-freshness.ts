import { deny, pass } from "../gate-result.js";
import type { Gate } from "../gate-result.js";
import { ageSeconds, MAX_FUTURE_SKEW_SECONDS } from "./freshness.js";

/** A recommendation is acted on only while the market still looks like it did when it was made. */
export const checkRecommendationFreshness: Gate = (input, cfg) => {
  const age = ageSeconds(input.now, input.rec.createdAt);
  if (Number.isNaN(age)) return deny("INVALID_INPUT", { rec_created_at: input.rec.createdAt });
  if (age < -MAX_FUTURE_SKEW_SECONDS) return deny("REC_IN_FUTURE", { rec_created_at: input.rec.createdAt, now: input.now }, { value: age, threshold: -MAX_FUTURE_SKEW_SECONDS });
  if (age > cfg.maxRecAgeSeconds) return deny("REC_STALE", { rec_age_s: age, max_s: cfg.maxRecAgeSeconds }, { value: age, threshold: cfg.maxRecAgeSeconds });
  return pass(age, cfg.maxRecAgeSeconds);
};
