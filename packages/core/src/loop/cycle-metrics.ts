// CloudWatch embedded metric format (EMF) on each cycle's log line: CloudWatch Logs turns these fields into metrics
// without any agent or API call, so every service reports duration, work, rejects, orders, fills, errors and a
// heartbeat the same way (alarms treat a missing heartbeat as breaching).

export const METRICS_NAMESPACE = "OpsPipeline";

/** Cycle counts that measure rows of work, summed into RowsProcessed. */
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

/** The EMF fields to merge into the cycle's log line. */
export function cycleMetrics(input: CycleMetricsInput): Record<string, unknown> {
  const values = {
    CycleDurationMs: input.durationMs,
    Heartbeat: 1,
    CycleErrors: input.failed ? 1 : 0,
    RowsProcessed: sum(input.counts, (k) => (ROW_COUNT_KEYS as readonly string[]).includes(k)),
    Rejects: sum(input.counts, (k) => k === "rejected" || k.startsWith("rejected_")),
    Orders: sum(input.counts, (k) => k === "ordered"),
    Fills: sum(input.counts, (k) => k === "fills" || k === "fills_inserted"),
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
