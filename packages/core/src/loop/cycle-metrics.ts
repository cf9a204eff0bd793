// CloudWatch embedded metric format (EMF) on each cycle's log line: CloudWatch Logs turns these fields into metrics
// without any agent or API call, so every service reports duration, work, rejects, orders, fills, errors and a
// heartbeat the same way (alarms treat a missing heartbeat as breaching). infra mirrors the namespace, dimension and
// metric names (it does not depend on this package); infra/test/emf-contract.test.ts fails when they drift.

export const METRICS_NAMESPACE = "OpsPipeline";

/**
 * Cycle counts that measure rows of work. One cycle reports the same rows at several stages (telemetry's
 * `upserted` includes its `inserted`, features `computed` then `upserted` them), so RowsProcessed is the
 * largest of them, never their sum.
 */
const ROW_COUNT_KEYS = ["upserted", "inserted", "classified", "computed", "recommended", "scored", "marked"] as const;

export interface CycleMetricsInput {
  readonly service: string;
  readonly account: string | undefined;
  readonly at: Date;
  readonly durationMs: number;
  readonly failed: boolean;
  readonly counts: Readonly<Record<string, number>>;
}

const sum = (counts: Readonly<Record<string, number>>, keep: (key: string) => boolean): number =>
  Object.entries(counts).reduce((total, [key, value]) => (keep(key) && Number.isFinite(value) ? total + value : total), 0);

/**
 * `rejected`/`rejected_<reason>` (rows or orders refused) and `<what>_rejected` (the position manager's
 * `exits_rejected`): the order-reject alarm reads this for the dispatcher and the position manager alike.
 */
const isRejectKey = (key: string): boolean => key === "rejected" || key.startsWith("rejected_") || key.endsWith("_rejected");

/** `rejected` is the total when a cycle reports it; its `rejected_<reason>` breakdown then adds nothing. */
function rejects(counts: Readonly<Record<string, number>>): number {
  const hasTotal = Number.isFinite(counts.rejected);
  return sum(counts, (k) => isRejectKey(k) && !(hasTotal && k.startsWith("rejected_")));
}

function largest(counts: Readonly<Record<string, number>>, keys: readonly string[]): number {
  return keys.reduce((most, key) => {
    const value = counts[key];
    return value !== undefined && Number.isFinite(value) && value > most ? value : most;
  }, 0);
}

/** The EMF fields to merge into the cycle's log line. */
export function cycleMetrics(input: CycleMetricsInput): Record<string, unknown> {
  const values = {
    CycleDurationMs: input.durationMs,
    Heartbeat: 1,
    CycleErrors: input.failed ? 1 : 0,
    RowsProcessed: largest(input.counts, ROW_COUNT_KEYS),
    Rejects: rejects(input.counts),
    Orders: sum(input.counts, (k) => k === "ordered"),
    Fills: sum(input.counts, (k) => k === "fills" || k === "fills_inserted"),
    // Automatic account risk-mode transitions and failed protection evaluations (the position manager's
    // apply-protections); 0 for every other service, so each alarm reads one metric per account.
    RiskModeChanges: sum(input.counts, (k) => k === "risk_mode_changes"),
    ProtectionErrors: sum(input.counts, (k) => k === "protection_errors"),
  };
  return {
    _aws: {
      Timestamp: input.at.getTime(),
      CloudWatchMetrics: [{
        Namespace: METRICS_NAMESPACE,
        Dimensions: [["Service", "Account"]],
        Metrics: Object.keys(values).map((name) => ({ Name: name, Unit: name === "CycleDurationMs" ? "Milliseconds" : "Count" })),
      }],
    },
    Service: input.service,
    Account: input.account ?? "all",
    ...values,
  };
}
