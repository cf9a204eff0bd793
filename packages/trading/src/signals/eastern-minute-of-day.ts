import { etParts } from "@ops/core/market-time";

/** Minutes after midnight in New York (DST-aware) for an instant. */
export function easternMinuteOfDay(at: Date): number {
  return etParts(at).minutesOfDay;
}
