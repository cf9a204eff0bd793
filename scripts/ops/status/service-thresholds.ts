// When a service counts as stale, failing or down. Documented in docs/ops.md and `pnpm status --help`.
import { ACCOUNT_IDS } from "@ops/trading";

/** Every loop the pipeline runs, per account where it is per account: a missing one is down. */
export const EXPECTED_SERVICES: readonly { readonly service: string; readonly account: string | null }[] = [
  ...["telemetry", "news", "classifier", "features", "watchlist", "ai-watchlist", "signal-engine"].map((service) => ({ service, account: null })),
  ...ACCOUNT_IDS.map((account) => ({ service: "dispatcher", account })),
  ...ACCOUNT_IDS.map((account) => ({ service: "position-manager", account })),
];

/** Default OPS_LOOP_INTERVAL_S of each service (60 s unless listed). */
export const LOOP_INTERVAL_S: Readonly<Record<string, number>> = { "ai-watchlist": 3600, classifier: 30 };
export const DEFAULT_LOOP_INTERVAL_S = 60;

/** Stale after this many missed intervals, but never sooner than MIN_STALE_AFTER_S. */
export const STALE_AFTER_INTERVALS = 3;
export const MIN_STALE_AFTER_S = 180;
/** Down once the heartbeat is this many stale periods old. */
export const DOWN_AFTER_STALE_PERIODS = 5;
/** Failing (degraded) from this many consecutive failed cycles; down from DOWN_AFTER_FAILURES. */
export const FAILING_AFTER_FAILURES = 2;
export const DOWN_AFTER_FAILURES = 10;

export interface ServiceThresholds {
  readonly staleAfterS: number;
  readonly downAfterS: number;
}

/** `staleAfterS` (from --stale-after-s) replaces the per-service default for every service. */
export function serviceThresholds(service: string, staleAfterS?: number): ServiceThresholds {
  const interval = LOOP_INTERVAL_S[service] ?? DEFAULT_LOOP_INTERVAL_S;
  const stale = staleAfterS ?? Math.max(MIN_STALE_AFTER_S, STALE_AFTER_INTERVALS * interval);
  return { staleAfterS: stale, downAfterS: stale * DOWN_AFTER_STALE_PERIODS };
}
