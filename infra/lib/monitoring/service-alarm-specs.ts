// Which alarms each service gets, as data (the monitoring stack turns them into CloudWatch alarms; tests read them).
import type { ServiceDeployment } from "../config/service-deployments.js";
import { EMF_METRICS, SERVICE_STARTS, filterMetricDimensions, metricDimensions } from "./ops-metrics.js";

export const ALARM_KINDS = ["heartbeat", "restarts", "order-rejects", "data-staleness", "risk-mode-change", "protection-errors"] as const;
export type AlarmKind = (typeof ALARM_KINDS)[number];

/** One metric in the OpsPipeline namespace, read as its Sum over the alarm's period. */
export interface AlarmMetric {
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
}

/** A metric math expression over metrics (or other expressions) by id. */
export interface AlarmExpression {
  readonly expression: string;
  readonly label: string;
  readonly using: Readonly<Record<string, AlarmInput>>;
}

export type AlarmInput = AlarmMetric | AlarmExpression;

export interface AlarmSpec {
  readonly kind: AlarmKind;
  readonly alarmName: string;
  readonly description: string;
  readonly input: AlarmInput;
  readonly periodS: number;
  /** Alarm when the period's value is below (heartbeat, bars) or at/above (restarts, rejects, risk) this. */
  readonly threshold: number;
  readonly comparison: "below" | "at-or-above";
  /** A heartbeat that stops arriving is the outage itself; a reject or restart that never happened is fine. */
  readonly missingData: "breaching" | "not-breaching";
}

/** Sum of cycles over max(5 min, 3 intervals), whole minutes: one slow or failed cycle is not an outage. */
export function heartbeatPeriodS(loopIntervalS: number): number {
  return Math.ceil(Math.max(300, 3 * loopIntervalS) / 60) * 60;
}

/**
 * Bars written during regular trading hours. The hour window 15:00–20:00 UTC lies inside 9:30–16:00 ET in both
 * EST and EDT; outside it (and on weekends) the expression reports 1, so nights do not alarm. Exchange holidays do
 * alarm (one notification a holiday, documented in docs/ops.md). FILL first, so a quiet minute counts as 0 bars.
 */
export const MARKET_HOURS_BARS_EXPRESSION = "IF(DAY(bars) <= 5 AND HOUR(bars) >= 15 AND HOUR(bars) < 20, bars, 1)";

export function serviceAlarmSpecs(deployment: ServiceDeployment, orderRejectThreshold: number): AlarmSpec[] {
  const name = deployment.ecsServiceName;
  const logs = `Logs: ${deployment.logGroupName}`;
  const emf = (metricName: string): AlarmMetric => ({ metricName, dimensions: metricDimensions(deployment.service, deployment.account) });
  const period = heartbeatPeriodS(deployment.spec.loopIntervalS);
  const specs: AlarmSpec[] = [
    {
      kind: "heartbeat",
      alarmName: `ops-pipeline-${name}-heartbeat`,
      description: `${name} finished no cycle successfully in ${period / 60} minutes (stopped, crash-looping, stuck, failing every cycle, or waiting on another instance's lease). ${logs}`,
      // Every cycle line beats, a failed one too: cycles that beat without an error are the cycles that completed.
      input: {
        expression: "beats - errors",
        label: "cycles completed",
        using: { beats: emf(EMF_METRICS.heartbeat), errors: emf(EMF_METRICS.cycleErrors) },
      },
      periodS: period,
      threshold: 1,
      comparison: "below",
      missingData: "breaching",
    },
    {
      kind: "restarts",
      alarmName: `ops-pipeline-${name}-restarts`,
      description: `${name} started 3 or more times in 30 minutes (crash loop). ${logs}`,
      input: { metricName: SERVICE_STARTS.metricName, dimensions: filterMetricDimensions(deployment.service, deployment.account) },
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
      description: `${name} had ${orderRejectThreshold} or more orders rejected by the broker in 15 minutes. ${logs}`,
      input: emf(EMF_METRICS.rejects),
      periodS: 900,
      threshold: orderRejectThreshold,
      comparison: "at-or-above",
      missingData: "not-breaching",
    });
  }
  if (deployment.spec.writesBars) {
    specs.push({
      kind: "data-staleness",
      alarmName: `ops-pipeline-${name}-bars-stale`,
      description: `No bars written for 15 minutes during market hours (telemetry stopped, Alpaca data down, or empty universe). ${logs}`,
      input: {
        expression: MARKET_HOURS_BARS_EXPRESSION,
        label: "bars written (1 outside market hours)",
        using: { bars: { expression: "FILL(written, 0)", label: "bars written", using: { written: emf(EMF_METRICS.rowsProcessed) } } },
      },
      periodS: 900,
      threshold: 1,
      comparison: "below",
      missingData: "breaching",
    });
  }
  if (deployment.spec.guardsRisk && deployment.account !== undefined) {
    const account = deployment.account;
    specs.push(
      {
        kind: "risk-mode-change",
        alarmName: `ops-pipeline-${account}-risk-mode-change`,
        description: `Account ${account} changed its risk mode by itself (REDUCING at the daily loss limit, HALTED on drawdown, or an automatic REDUCING lapsing at the open). Look at pnpm status and the risk_mode.changed line. ${logs}`,
        input: emf(EMF_METRICS.riskModeChanges),
        periodS: 300,
        threshold: 1,
        comparison: "at-or-above",
        missingData: "not-breaching",
      },
      {
        kind: "protection-errors",
        alarmName: `ops-pipeline-${account}-protection-errors`,
        description: `Account ${account}: the position manager could not evaluate the account protections (daily loss, drawdown, locks) in a cycle, so the risk mode and locks the dispatcher's gates read were not updated. Look for protections.* lines. ${logs}`,
        input: emf(EMF_METRICS.protectionErrors),
        periodS: 300,
        threshold: 1,
        comparison: "at-or-above",
        missingData: "not-breaching",
      },
    );
  }
  return specs;
}
