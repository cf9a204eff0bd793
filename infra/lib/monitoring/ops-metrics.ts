// The metrics the alarms and the dashboard read. Almost all come from the CloudWatch embedded metric format (EMF)
// fields the loop runner puts on every cycle's log line (packages/core/src/loop/cycle-metrics.ts): CloudWatch Logs
// extracts them with no metric filter, no agent and no AWS SDK call. infra does not depend on @ops/core, so the
// names are mirrored here; infra/test/emf-contract.test.ts fails when they drift from what core emits.

export const METRIC_NAMESPACE = "OpsPipeline";

/** The Account value core puts on the lines of services that are not per-account. */
export const NO_ACCOUNT = "all";

/** Every EMF metric core emits per cycle, under [Service, Account]. */
export const EMF_METRICS = {
  cycleDurationMs: "CycleDurationMs",
  /** 1 per finished cycle, failed or not. */
  heartbeat: "Heartbeat",
  /** 1 per failed cycle. */
  cycleErrors: "CycleErrors",
  /** Rows of work (bars upserted for telemetry: the data-staleness signal). */
  rowsProcessed: "RowsProcessed",
  /** Rows or orders refused (dispatcher: entry orders the broker rejected; position manager: exit orders). */
  rejects: "Rejects",
  orders: "Orders",
  fills: "Fills",
  /** Automatic account risk-mode transitions written by the position manager. */
  riskModeChanges: "RiskModeChanges",
  /** Protection evaluations that failed or had unusable input (the account ran a cycle unguarded). */
  protectionErrors: "ProtectionErrors",
} as const;
export type EmfMetricName = (typeof EMF_METRICS)[keyof typeof EMF_METRICS];

/** EMF dimensions of one deployment's cycle lines: always both, Account "all" for services that are not per-account. */
export function metricDimensions(service: string, account: string | undefined): Record<string, string> {
  return { Service: service, Account: account ?? NO_ACCOUNT };
}

/** A metric built by a CloudWatch Logs metric filter, for a fact the cycle lines cannot carry. */
export interface LogMetric {
  readonly metricName: string;
  /** CloudWatch Logs JSON filter pattern. */
  readonly filterPattern: string;
  /** "1" counts lines; a `$.field` selector sums that field. */
  readonly metricValue: string;
}

/**
 * One per process start (`service.starting`, the first line of every process): restarts and crash loops. EMF cannot
 * carry it: a process that dies during start-up (bad config, schema behind the code) never finishes a cycle, so no
 * cycle line ever reports it.
 */
export const SERVICE_STARTS: LogMetric = {
  metricName: "ServiceStarts",
  filterPattern: '{ $.event = "service.starting" }',
  metricValue: "1",
};

/**
 * Dimensions of a filter-built metric. A filter takes dimension values only from the line's own fields, and only
 * per-account services log an `account` field, so services that are not per-account publish Service alone.
 */
export function filterMetricDimensions(service: string, account: string | undefined): Record<string, string> {
  return account === undefined ? { Service: service } : { Service: service, Account: account };
}

/** The same dimensions as metric-filter selectors over the log line's own fields. */
export function filterDimensions(perAccount: boolean): Record<string, string> {
  return perAccount ? { Service: "$.service", Account: "$.account" } : { Service: "$.service" };
}
