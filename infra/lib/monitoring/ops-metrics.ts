// Metrics derived from the JSON lines every service already writes (pino, one object per line, fields `event`,
// `service`, `account`): CloudWatch Logs metric filters turn them into metrics, so no service needs an AWS SDK
// call to report health, and a process that stops logging stops the metric (heartbeat alarms treat missing data
// as breaching). tests/image/image-smoke.test.ts checks the services print these lines.

export const METRIC_NAMESPACE = "OpsPipeline";

export interface LogMetric {
  readonly metricName: string;
  /** CloudWatch Logs JSON filter pattern. */
  readonly filterPattern: string;
  /** "1" counts lines; a `$.field` selector sums that field. */
  readonly metricValue: string;
}

/** One per finished cycle (the loop runner's `cycle.done`): the heartbeat. */
export const CYCLES_COMPLETED: LogMetric = {
  metricName: "CyclesCompleted",
  filterPattern: '{ $.event = "cycle.done" }',
  metricValue: "1",
};

/** One per failed cycle (`cycle.failed`); the loop retries, so this is a trend, not an outage. */
export const CYCLES_FAILED: LogMetric = {
  metricName: "CyclesFailed",
  filterPattern: '{ $.event = "cycle.failed" }',
  metricValue: "1",
};

/** One per process start (`service.starting`, the first line of every process): restarts and crash loops. */
export const SERVICE_STARTS: LogMetric = {
  metricName: "ServiceStarts",
  filterPattern: '{ $.event = "service.starting" }',
  metricValue: "1",
};

/** Entry and exit orders the broker refused (execution module `order.rejected`, position manager `exit.rejected`). */
export const ORDERS_REJECTED: LogMetric = {
  metricName: "OrdersRejected",
  filterPattern: '{ $.event = "order.rejected" || $.event = "exit.rejected" }',
  metricValue: "1",
};

/** Bars telemetry upserted per cycle (`cycle.done` counts.upserted): the data-staleness signal. */
export const BARS_UPSERTED: LogMetric = {
  metricName: "BarsUpserted",
  filterPattern: '{ $.event = "cycle.done" && $.counts.upserted >= 0 }',
  metricValue: "$.counts.upserted",
};

/** Metric dimensions: the service name every log line carries, plus the account for per-account services. */
export function metricDimensions(service: string, account: string | undefined): Record<string, string> {
  return account === undefined ? { Service: service } : { Service: service, Account: account };
}

/** The same dimensions as metric-filter selectors over the log line's own fields. */
export function filterDimensions(perAccount: boolean): Record<string, string> {
  return perAccount ? { Service: "$.service", Account: "$.account" } : { Service: "$.service" };
}
