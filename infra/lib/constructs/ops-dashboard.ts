import { Duration } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import type * as rds from "aws-cdk-lib/aws-rds";
import { Construct } from "constructs";
import { CLUSTER_NAME } from "../config/names.js";
import type { ServiceDeployment } from "../config/service-deployments.js";
import { BARS_UPSERTED, CYCLES_COMPLETED, CYCLES_FAILED, METRIC_NAMESPACE, ORDERS_REJECTED, SERVICE_STARTS, metricDimensions } from "../monitoring/ops-metrics.js";

export interface OpsDashboardProps {
  readonly deployments: readonly ServiceDeployment[];
  readonly database: rds.IDatabaseInstance;
  readonly alarms: readonly cloudwatch.IAlarm[];
}

/** One screen for the ops team: alarm states, cycles per service, failures and restarts, orders, data, resources. */
export class OpsDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: OpsDashboardProps) {
    super(scope, id);
    const period = Duration.minutes(5);
    const perService = (metricName: string, deployments: readonly ServiceDeployment[]): cloudwatch.IMetric[] =>
      deployments.map(
        (deployment) =>
          new cloudwatch.Metric({
            namespace: METRIC_NAMESPACE,
            metricName,
            dimensionsMap: metricDimensions(deployment.service, deployment.account),
            statistic: cloudwatch.Stats.SUM,
            period,
            label: deployment.ecsServiceName,
          }),
      );
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

    this.dashboard = new cloudwatch.Dashboard(this, "Dashboard", {
      dashboardName: "ops-pipeline",
      defaultInterval: Duration.hours(6),
      widgets: [
        [new cloudwatch.AlarmStatusWidget({ title: "Alarms", alarms: [...props.alarms], width: 24, height: 6 })],
        [
          new cloudwatch.GraphWidget({ title: "Cycles completed (heartbeat)", left: perService(CYCLES_COMPLETED.metricName, props.deployments), width: 12 }),
          new cloudwatch.GraphWidget({ title: "Cycles failed", left: perService(CYCLES_FAILED.metricName, props.deployments), width: 12 }),
        ],
        [
          new cloudwatch.GraphWidget({ title: "Process starts", left: perService(SERVICE_STARTS.metricName, props.deployments), width: 8 }),
          new cloudwatch.GraphWidget({ title: "Orders rejected", left: perService(ORDERS_REJECTED.metricName, trading), width: 8 }),
          new cloudwatch.GraphWidget({ title: "Bars written", left: perService(BARS_UPSERTED.metricName, barWriters), width: 8 }),
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
