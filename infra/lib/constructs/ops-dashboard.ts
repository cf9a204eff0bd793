import { Duration } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import type * as rds from "aws-cdk-lib/aws-rds";
import { Construct } from "constructs";
import { CLUSTER_NAME } from "../config/names.js";
import type { ServiceDeployment } from "../config/service-deployments.js";
import { EMF_METRICS, METRIC_NAMESPACE, SERVICE_STARTS, filterMetricDimensions, metricDimensions } from "../monitoring/ops-metrics.js";

export interface OpsDashboardProps {
  readonly deployments: readonly ServiceDeployment[];
  readonly database: rds.IDatabaseInstance;
  readonly alarms: readonly cloudwatch.IAlarm[];
}

/** One screen for the ops team: alarm states, cycles per service, failures and restarts, orders, data, risk, resources. */
export class OpsDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: OpsDashboardProps) {
    super(scope, id);
    const period = Duration.minutes(5);
    const series = (
      metricName: string,
      deployments: readonly ServiceDeployment[],
      dimensions: (service: string, account: string | undefined) => Record<string, string>,
      statistic: string = cloudwatch.Stats.SUM,
    ): cloudwatch.IMetric[] =>
      deployments.map(
        (deployment) =>
          new cloudwatch.Metric({
            namespace: METRIC_NAMESPACE,
            metricName,
            dimensionsMap: dimensions(deployment.service, deployment.account),
            statistic,
            period,
            label: deployment.ecsServiceName,
          }),
      );
    /** The cycle lines' embedded metrics (Service + Account, "all" for services that are not per-account). */
    const perService = (metricName: string, deployments: readonly ServiceDeployment[], statistic?: string): cloudwatch.IMetric[] =>
      series(metricName, deployments, metricDimensions, statistic);
    const ecsMetric = (metricName: string): cloudwatch.IMetric[] =>
      props.deployments.map(
        (deployment) =>
          new cloudwatch.Metric({
            namespace: "AWS/ECS",
            metricName,
            dimensionsMap: { ClusterName: CLUSTER_NAME, ServiceName: deployment.ecsServiceName },
            statistic: cloudwatch.Stats.MAXIMUM,
            period,
            label: deployment.ecsServiceName,
          }),
      );
    const trading = props.deployments.filter((deployment) => deployment.spec.trades);
    const barWriters = props.deployments.filter((deployment) => deployment.spec.writesBars);
    const riskGuards = props.deployments.filter((deployment) => deployment.spec.guardsRisk);

    this.dashboard = new cloudwatch.Dashboard(this, "Dashboard", {
      dashboardName: "ops-pipeline",
      defaultInterval: Duration.hours(6),
      widgets: [
        [new cloudwatch.AlarmStatusWidget({ title: "Alarms", alarms: [...props.alarms], width: 24, height: 6 })],
        [
          new cloudwatch.GraphWidget({ title: "Cycles (heartbeat)", left: perService(EMF_METRICS.heartbeat, props.deployments), width: 8 }),
          new cloudwatch.GraphWidget({ title: "Cycles failed", left: perService(EMF_METRICS.cycleErrors, props.deployments), width: 8 }),
          new cloudwatch.GraphWidget({
            title: "Cycle duration ms (max)",
            left: perService(EMF_METRICS.cycleDurationMs, props.deployments, cloudwatch.Stats.MAXIMUM),
            width: 8,
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: "Process starts",
            left: series(SERVICE_STARTS.metricName, props.deployments, filterMetricDimensions),
            width: 8,
          }),
          new cloudwatch.GraphWidget({ title: "Orders rejected", left: perService(EMF_METRICS.rejects, trading), width: 8 }),
          new cloudwatch.GraphWidget({ title: "Bars written (telemetry rows)", left: perService(EMF_METRICS.rowsProcessed, barWriters), width: 8 }),
        ],
        [
          new cloudwatch.GraphWidget({ title: "Orders placed", left: perService(EMF_METRICS.orders, trading), width: 6 }),
          new cloudwatch.GraphWidget({ title: "Fills recorded", left: perService(EMF_METRICS.fills, trading), width: 6 }),
          new cloudwatch.GraphWidget({ title: "Automatic risk-mode changes", left: perService(EMF_METRICS.riskModeChanges, riskGuards), width: 6 }),
          new cloudwatch.GraphWidget({ title: "Protection errors", left: perService(EMF_METRICS.protectionErrors, riskGuards), width: 6 }),
        ],
        [
          new cloudwatch.GraphWidget({ title: "Task CPU % (max)", left: ecsMetric("CPUUtilization"), width: 12 }),
          new cloudwatch.GraphWidget({ title: "Task memory % (max)", left: ecsMetric("MemoryUtilization"), width: 12 }),
        ],
        [
          new cloudwatch.GraphWidget({ title: "Database CPU %", left: [props.database.metricCPUUtilization({ period })], width: 8 }),
          new cloudwatch.GraphWidget({ title: "Database connections", left: [props.database.metricDatabaseConnections({ period })], width: 8 }),
          new cloudwatch.GraphWidget({ title: "Database free storage (bytes)", left: [props.database.metricFreeStorageSpace({ period })], width: 8 }),
        ],
      ],
    });
  }
}
