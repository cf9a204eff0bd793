// Which alarms each service gets, as data (the monitoring stack turns them into CloudWatch alarms; tests read them).
import type { ServiceDeployment } from "../config/service-deployments.js";
import { BARS_UPSERTED, CYCLES_COMPLETED, ORDERS_REJECTED, SERVICE_STARTS, metricDimensions } from "./ops-metrics.js";

export const ALARM_KINDS = ["heartbeat", "restarts", "order-rejects", "data-staleness"] as const;
export type AlarmKind = (typeof ALARM_KINDS)[number];

export interface AlarmSpec {
  readonly kind: AlarmKind;
  readonly alarmName: string;
  readonly description: string;
  readonly metricName: string;
  readonly dimensions: Record<string, string>;
  readonly periodS: number;
  /** Alarm when the period's Sum is below (heartbeat) or at/above (restarts, rejects) this. */
  readonly threshold: number;
  readonly comparison: "below" | "at-or-above";
  /** A heartbeat that stops arriving is the outage itself; a reject or restart that never happened is fine. */
  readonly missingData: "breaching" | "not-breaching";
}

/** Sum of cycles over max(5 min, 3 intervals), whole minutes: one slow or failed cycle is not an outage. */
export function heartbeatPeriodS(loopIntervalS: number): number {
  return Math.ceil(Math.max(300, 3 * loopIntervalS) / 60) * 60;
}

export function serviceAlarmSpecs(deployment: ServiceDeployment, orderRejectThreshold: number): AlarmSpec[] {
  const name = deployment.ecsServiceName;
  const dimensions = metricDimensions(deployment.service, deployment.account);
  const period = heartbeatPeriodS(deployment.spec.loopIntervalS);
  const specs: AlarmSpec[] = [
    {
      kind: "heartbeat",
      alarmName: `ops-pipeline-${name}-heartbeat`,
      description: `${name} finished no cycle in ${period / 60} minutes (stopped, crash-looping, stuck, or waiting on another instance's lease). Logs: ${deployment.logGroupName}`,
      metricName: CYCLES_COMPLETED.metricName,
      dimensions,
      periodS: period,
      threshold: 1,
      comparison: "below",
      missingData: "breaching",
    },
    {
      kind: "restarts",
      alarmName: `ops-pipeline-${name}-restarts`,
      description: `${name} started 3 or more times in 30 minutes (crash loop). Logs: ${deployment.logGroupName}`,
      metricName: SERVICE_STARTS.metricName,
      dimensions,
      periodS: 1800,
      threshold: 3,
      comparison: "at-or-above",
      missingData: "not-breaching",
    },
  ];
  if (deployment.spec.trades) {
    specs.push({
      kind: "order-rejects",
      alarmName: `ops-pipeline-${name}-order-rejects`,
      description: `${name} had ${orderRejectThreshold} or more orders rejected by the broker in 15 minutes. Logs: ${deployment.logGroupName}`,
      metricName: ORDERS_REJECTED.metricName,
      dimensions,
      periodS: 900,
      threshold: orderRejectThreshold,
      comparison: "at-or-above",
      missingData: "not-breaching",
    });
  }
  return specs;
}

/**
 * Bars written during regular trading hours. The hour window 15:00–20:00 UTC lies inside 9:30–16:00 ET in both
 * EST and EDT; outside it (and on weekends) the expression reports 1, so nights do not alarm. Exchange holidays do
 * alarm (one notification a holiday, documented in docs/deploy.md).
 */
export interface DataStalenessSpec {
  readonly alarmName: string;
  readonly description: string;
  readonly metricName: string;
  readonly dimensions: Record<string, string>;
  readonly periodS: number;
  readonly expression: string;
}

export function dataStalenessSpec(deployment: ServiceDeployment): DataStalenessSpec {
  return {
    alarmName: `ops-pipeline-${deployment.ecsServiceName}-bars-stale`,
    description: `No bars written for 15 minutes during market hours (telemetry stopped, Alpaca data down, or empty universe). Logs: ${deployment.logGroupName}`,
    metricName: BARS_UPSERTED.metricName,
    dimensions: metricDimensions(deployment.service, deployment.account),
    periodS: 900,
    expression: "IF(DAY(bars) <= 5 AND HOUR(bars) >= 15 AND HOUR(bars) < 20, bars, 1)",
  };
}
