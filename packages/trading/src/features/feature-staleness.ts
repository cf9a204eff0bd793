import type { FeatureSkip } from "./features.js";

/**
 * A skip when the newest source bar (`ts`) is older than `maxAgeMs` at `now`, else null. Freshness
 * is always the age of the data, not of the computation (seed failure 18).
 */
export function featureStaleness(ts: Date, now: Date, maxAgeMs: number): FeatureSkip | null {
  const ageMs = now.getTime() - ts.getTime();
  if (!(ageMs <= maxAgeMs)) {
    return {
      skip: "STALE_BARS",
      detail: `newest bar ${ts.toISOString()} is ${Math.round(ageMs / 1000)} s old at ${now.toISOString()} (limit ${Math.round(maxAgeMs / 1000)} s)`,
    };
  }
  return null;
}
