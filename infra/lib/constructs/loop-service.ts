import { Duration, Size, Stack } from "aws-cdk-lib";
import type { RemovalPolicy } from "aws-cdk-lib";
import type * as ec2 from "aws-cdk-lib/aws-ec2";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as ecs from "aws-cdk-lib/aws-ecs";
import * as iam from "aws-cdk-lib/aws-iam";
import * as logs from "aws-cdk-lib/aws-logs";
import type * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import type { IDependable } from "constructs";
import { containerEnvironment } from "../config/container-environment.js";
import type { OpsConfig } from "../config/ops-config.js";
import type { ServiceDeployment } from "../config/service-deployments.js";
import { METRIC_NAMESPACE, SERVICE_STARTS, filterDimensions } from "../monitoring/ops-metrics.js";
import type { LogMetric } from "../monitoring/ops-metrics.js";
import { acknowledgeNag, arnInFinding, defaultPolicyOf } from "../nag/acknowledge.js";
import { databaseEnvironment, databaseSecrets } from "./database-access.js";
import type { DatabaseAccess } from "./database-access.js";
import type { ServiceImage } from "./service-images.js";

/**
 * Fargate's maximum. The loop runner finishes the running cycle on SIGTERM (an order in flight is settled, the lease
 * released) and has no deadline of its own, so the task gets all the time ECS allows before SIGKILL.
 */
export const STOP_TIMEOUT = Duration.seconds(120);

export interface LoopServiceProps {
  readonly cluster: ecs.ICluster;
  readonly deployment: ServiceDeployment;
  readonly config: OpsConfig;
  readonly image: ServiceImage;
  readonly database: DatabaseAccess;
  /** The deployment's own Alpaca secret; required exactly when deployment.alpacaAccount is set. */
  readonly alpacaSecret: secretsmanager.ISecret | undefined;
  /** Foundation-model / inference-profile ARNs this service may invoke (only for spec.bedrock services). */
  readonly bedrockResources: readonly string[];
  readonly subnets: ec2.SubnetSelection;
  readonly securityGroups: ec2.ISecurityGroup[];
  /** Migrations: the service is created/updated only after they succeeded. */
  readonly after: IDependable;
  readonly logRetentionDays: logs.RetentionDays;
  readonly logRemovalPolicy: RemovalPolicy;
}

/**
 * One LOOP service: its log group (the name the ops team uses), task definition, singleton Fargate service and the
 * one metric filter its alarms need beyond the cycle lines' embedded metrics. Every service in the stack is one of
 * these (seed failure 1: every job in code).
 */
export class LoopService extends Construct {
  readonly service: ecs.FargateService;
  readonly taskDefinition: ecs.FargateTaskDefinition;
  readonly logGroup: logs.LogGroup;
  readonly container: ecs.ContainerDefinition;

  constructor(scope: Construct, id: string, props: LoopServiceProps) {
    super(scope, id);
    const { deployment } = props;
    if ((deployment.alpacaAccount === undefined) !== (props.alpacaSecret === undefined)) {
      throw new Error(`${deployment.ecsServiceName}: the Alpaca secret must be given exactly when the service uses one`);
    }
    if (props.bedrockResources.length > 0 && !deployment.spec.bedrock) {
      throw new Error(`${deployment.ecsServiceName} may not call Bedrock`);
    }

    this.logGroup = new logs.LogGroup(this, "Logs", {
      logGroupName: deployment.logGroupName,
      retention: props.logRetentionDays,
      removalPolicy: props.logRemovalPolicy,
    });

    this.taskDefinition = new ecs.FargateTaskDefinition(this, "Task", {
      family: `ops-pipeline-${deployment.ecsServiceName}`,
      cpu: deployment.size.cpu,
      memoryLimitMiB: deployment.size.memoryMiB,
      runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.X86_64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
    });
    this.container = this.taskDefinition.addContainer(deployment.service, {
      containerName: deployment.service,
      image: props.image.image,
      essential: true,
      readonlyRootFilesystem: deployment.spec.readonlyRootFilesystem,
      stopTimeout: STOP_TIMEOUT,
      environment: containerEnvironment({
        deployment,
        config: props.config,
        buildId: props.image.buildId,
        databaseEnvironment: databaseEnvironment(props.database),
        alpacaSecretArn: props.alpacaSecret?.secretArn,
      }),
      secrets: databaseSecrets(props.database),
      // Non-blocking: a slow CloudWatch Logs must never stall a trading loop on stdout.
      logging: ecs.LogDrivers.awsLogs({
        logGroup: this.logGroup,
        streamPrefix: "ecs",
        mode: ecs.AwsLogDriverMode.NON_BLOCKING,
        maxBufferSize: Size.mebibytes(25),
      }),
    });

    // Least privilege: the task role reads only this service's own Alpaca secret and, for the AI watchlist, may
    // invoke only the configured model. The database secret is read by the execution role at task start.
    props.alpacaSecret?.grantRead(this.taskDefinition.taskRole);
    if (props.bedrockResources.length > 0) {
      this.taskDefinition.addToTaskRolePolicy(
        new iam.PolicyStatement({
          actions: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
          resources: [...props.bedrockResources],
        }),
      );
    }

    this.service = new ecs.FargateService(this, "Service", {
      cluster: props.cluster,
      serviceName: deployment.ecsServiceName,
      taskDefinition: this.taskDefinition,
      desiredCount: deployment.size.desiredCount,
      // A singleton: the old task stops before the new one starts, so two never run at once (seed failure 3).
      minHealthyPercent: 0,
      maxHealthyPercent: 100,
      circuitBreaker: { enable: true, rollback: true },
      vpcSubnets: props.subnets,
      securityGroups: props.securityGroups,
      assignPublicIp: false,
      platformVersion: ecs.FargatePlatformVersion.LATEST,
      propagateTags: ecs.PropagatedTagSource.SERVICE,
      enableECSManagedTags: true,
      enableExecuteCommand: false,
    });
    this.service.node.addDependency(props.after);

    // Heartbeat, failures, rejects, bars and risk come from the EMF fields on every cycle line (no filter needed).
    // Starts do not: a process that dies before its first cycle writes no cycle line, and that is the crash loop.
    this.addMetricFilter("Starts", SERVICE_STARTS, deployment.account !== undefined);

    acknowledgeNag(
      this.taskDefinition,
      "AwsSolutions-ECS2",
      "Plain environment variables hold non-secret settings only; credentials are Secrets Manager references (ECS secrets and *_SECRET_ARN).",
    );
    acknowledgeNag(
      defaultPolicyOf(this.taskDefinition.obtainExecutionRole()),
      "AwsSolutions-IAM5[Resource::*]",
      "ecr:GetAuthorizationToken has no resource-level permissions; image pulls themselves are scoped to the repository.",
    );
    for (const resource of props.bedrockResources.filter((arn) => arn.includes("*"))) {
      const model = resource.slice(resource.lastIndexOf("/") + 1);
      acknowledgeNag(
        defaultPolicyOf(this.taskDefinition.taskRole),
        `AwsSolutions-IAM5[Resource::${arnInFinding(Stack.of(this), { service: "bedrock", region: "*", account: "", resource: "foundation-model", resourceName: model })}]`,
        "A cross-region inference profile may route the call to this one model in any region it covers; the model id itself is fixed.",
      );
    }
  }

  private addMetricFilter(id: string, metric: LogMetric, perAccount: boolean): void {
    new logs.MetricFilter(this, id, {
      logGroup: this.logGroup,
      filterPattern: logs.FilterPattern.literal(metric.filterPattern),
      metricNamespace: METRIC_NAMESPACE,
      metricName: metric.metricName,
      metricValue: metric.metricValue,
      dimensions: filterDimensions(perAccount),
      unit: cloudwatch.Unit.COUNT,
    });
  }
}
