import { Duration, Stack } from "aws-cdk-lib";
import type { StackProps } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as cloudwatchActions from "aws-cdk-lib/aws-cloudwatch-actions";
import * as events from "aws-cdk-lib/aws-events";
import * as eventsTargets from "aws-cdk-lib/aws-events-targets";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import type * as rds from "aws-cdk-lib/aws-rds";
import * as sns from "aws-cdk-lib/aws-sns";
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions";
import type { Construct } from "constructs";
import { CLUSTER_NAME } from "../config/names.js";
import type { OpsConfig } from "../config/ops-config.js";
import type { ServiceDeployment } from "../config/service-deployments.js";
import { OpsDashboard } from "../constructs/ops-dashboard.js";
import { METRIC_NAMESPACE } from "../monitoring/ops-metrics.js";
import { serviceAlarmSpecs } from "../monitoring/service-alarm-specs.js";
import type { AlarmInput, AlarmSpec } from "../monitoring/service-alarm-specs.js";

export interface MonitoringStackProps extends StackProps {
  readonly config: OpsConfig;
  readonly deployments: readonly ServiceDeployment[];
  readonly database: rds.IDatabaseInstance;
}

/** Alarms to one SNS topic (optional e-mail subscription), ECS deployment failures, and the ops dashboard. */
export class MonitoringStack extends Stack {
  readonly topic: sns.Topic;
  readonly alarms: readonly cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, props);
    const { config } = props;

    // CloudWatch and EventBridge can publish to an encrypted topic only with a customer-managed key they may use.
    const key = new kms.Key(this, "AlertsKey", {
      description: "ops-pipeline alerts topic encryption",
      enableKeyRotation: true,
    });
    for (const service of ["cloudwatch.amazonaws.com", "events.amazonaws.com"]) {
      key.addToResourcePolicy(
        new iam.PolicyStatement({
          principals: [new iam.ServicePrincipal(service)],
          actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
          resources: ["*"],
        }),
      );
    }
    this.topic = new sns.Topic(this, "Alerts", {
      topicName: "ops-pipeline-alerts",
      displayName: "ops-pipeline alerts",
      masterKey: key,
      enforceSSL: true,
    });
    if (config.alertEmail !== undefined) this.topic.addSubscription(new subscriptions.EmailSubscription(config.alertEmail));
    const action = new cloudwatchActions.SnsAction(this.topic);

    const alarms: cloudwatch.Alarm[] = [];
    for (const deployment of props.deployments) {
      for (const spec of serviceAlarmSpecs(deployment, config.orderRejectAlarmThreshold)) {
        alarms.push(this.serviceAlarm(spec));
      }
    }

    const freeStorage = props.database.metricFreeStorageSpace({ period: Duration.minutes(15), statistic: cloudwatch.Stats.MINIMUM });
    alarms.push(
      new cloudwatch.Alarm(this, "DatabaseFreeStorage", {
        alarmName: "ops-pipeline-database-free-storage",
        alarmDescription: "Database free storage below 2 GiB (storage autoscaling may be at its maximum).",
        metric: freeStorage,
        threshold: 2 * 1024 ** 3,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      }),
    );
    for (const alarm of alarms) {
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }
    this.alarms = alarms;

    // A deployment the circuit breaker rolled back (the stack update fails too, but this names the service).
    new events.Rule(this, "DeploymentFailures", {
      description: "ops-pipeline: ECS deployments that failed or were rolled back",
      eventPattern: {
        source: ["aws.ecs"],
        detailType: ["ECS Deployment State Change"],
        detail: { eventName: ["SERVICE_DEPLOYMENT_FAILED"] },
        resources: events.Match.prefix(this.formatArn({ service: "ecs", resource: "service", resourceName: `${CLUSTER_NAME}/` })),
      },
      targets: [new eventsTargets.SnsTopic(this.topic)],
    });

    new OpsDashboard(this, "Dashboard", { deployments: props.deployments, database: props.database, alarms });
  }

  private serviceAlarm(spec: AlarmSpec): cloudwatch.Alarm {
    return new cloudwatch.Alarm(this, spec.alarmName, {
      alarmName: spec.alarmName,
      alarmDescription: spec.description,
      metric: alarmMetric(spec.input, Duration.seconds(spec.periodS)),
      threshold: spec.threshold,
      comparisonOperator:
        spec.comparison === "below"
          ? cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD
          : cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: spec.missingData === "breaching" ? cloudwatch.TreatMissingData.BREACHING : cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}

function alarmMetric(input: AlarmInput, period: Duration): cloudwatch.IMetric {
  if ("expression" in input) {
    return new cloudwatch.MathExpression({
      expression: input.expression,
      label: input.label,
      period,
      usingMetrics: Object.fromEntries(Object.entries(input.using).map(([id, used]) => [id, alarmMetric(used, period)])),
    });
  }
  return new cloudwatch.Metric({
    namespace: METRIC_NAMESPACE,
    metricName: input.metricName,
    dimensionsMap: { ...input.dimensions },
    statistic: cloudwatch.Stats.SUM,
    period,
  });
}
