import { fileURLToPath } from "node:url";
import { CustomResource, Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
import type * as ec2 from "aws-cdk-lib/aws-ec2";
import * as ecs from "aws-cdk-lib/aws-ecs";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { CLUSTER_NAME, MIGRATE_LOG_GROUP_NAME } from "../config/names.js";
import { acknowledgeNag, arnInFinding, defaultPolicyOf } from "../nag/acknowledge.js";
import { databaseEnvironment, databaseSecrets } from "./database-access.js";
import type { DatabaseAccess } from "./database-access.js";
import type { ServiceImage } from "./service-images.js";

export const MIGRATE_CONTAINER_NAME = "migrate";
/** The image's migration runner, behind the same DATABASE_URL preload the services use. */
export const MIGRATE_COMMAND = ["node", "--enable-source-maps", "--import", "./runtime/set-database-url.mjs", "runtime/migrate.mjs"];

export interface MigrationRunnerProps {
  readonly cluster: ecs.ICluster;
  readonly image: ServiceImage;
  readonly database: DatabaseAccess;
  readonly subnets: ec2.SubnetSelection;
  readonly securityGroups: ec2.ISecurityGroup[];
  /** Changes whenever a migration file does (the task definition changes whenever the image does). */
  readonly migrationsFingerprint: string;
  readonly logRetentionDays: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * Migrations before services, on every deploy: a custom resource runs the image's migration task on Fargate and
 * waits for its exit code. Services depend on `resource`, so CloudFormation updates them only after the migrations
 * succeeded; a failure fails the deploy while the old services keep running. (A migrate container inside every
 * task was the alternative; with minimum healthy 0 % it would stop the old tasks before finding out that the
 * migration fails, and it would run the migration eleven times per deploy.)
 */
export class MigrationRunner extends Construct {
  readonly resource: CustomResource;
  readonly taskDefinition: ecs.FargateTaskDefinition;

  constructor(scope: Construct, id: string, props: MigrationRunnerProps) {
    super(scope, id);
    const taskLogs = new logs.LogGroup(this, "TaskLogs", {
      logGroupName: MIGRATE_LOG_GROUP_NAME,
      retention: props.logRetentionDays,
      removalPolicy: props.removalPolicy,
    });
    this.taskDefinition = new ecs.FargateTaskDefinition(this, "Task", {
      family: "ops-pipeline-migrate",
      cpu: 256,
      memoryLimitMiB: 512,
      runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.X86_64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
    });
    this.taskDefinition.addContainer(MIGRATE_CONTAINER_NAME, {
      containerName: MIGRATE_CONTAINER_NAME,
      image: props.image.image,
      command: MIGRATE_COMMAND,
      essential: true,
      readonlyRootFilesystem: true,
      environment: { ...databaseEnvironment(props.database), BUILD_ID: props.image.buildId, LOG_LEVEL: "info" },
      secrets: databaseSecrets(props.database),
      logging: ecs.LogDrivers.awsLogs({ logGroup: taskLogs, streamPrefix: "ecs", mode: ecs.AwsLogDriverMode.NON_BLOCKING }),
    });

    const functionLogs = new logs.LogGroup(this, "FunctionLogs", {
      retention: props.logRetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new iam.Role(this, "FunctionRole", {
      assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
      description: "ops-pipeline migration custom resource: run the migrate task and read its state",
    });
    const stack = Stack.of(this);
    const clusterArn = props.cluster.clusterArn;
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ["ecs:RunTask"],
        resources: [this.taskDefinition.taskDefinitionArn],
        conditions: { ArnEquals: { "ecs:cluster": clusterArn } },
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ["ecs:DescribeTasks"],
        resources: [stack.formatArn({ service: "ecs", resource: "task", resourceName: `${CLUSTER_NAME}/*` })],
        conditions: { ArnEquals: { "ecs:cluster": clusterArn } },
      }),
    );
    const passRoles = [this.taskDefinition.taskRole.roleArn, this.taskDefinition.obtainExecutionRole().roleArn];
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ["iam:PassRole"],
        resources: passRoles,
        conditions: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
      }),
    );
    role.addToPolicy(new iam.PolicyStatement({ actions: ["cloudformation:DescribeStacks"], resources: [stack.stackId] }));
    role.addToPolicy(
      new iam.PolicyStatement({ actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [functionLogs.logGroupArn] }),
    );

    const runner = new lambda.Function(this, "Function", {
      description: "ops-pipeline: run database migrations before the services update",
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: "index.handler",
      code: lambda.Code.fromAsset(fileURLToPath(new URL("../../lambda/run-migrations/", import.meta.url)), {
        exclude: ["*.d.mts"],
      }),
      role,
      timeout: Duration.minutes(15),
      memorySize: 256,
      logGroup: functionLogs,
      // A retried invocation would answer CloudFormation twice; the handler always answers once itself.
      retryAttempts: 0,
    });
    this.resource = new CustomResource(this, "Run", {
      serviceToken: runner.functionArn,
      resourceType: "Custom::OpsMigrations",
      serviceTimeout: Duration.minutes(15),
      properties: {
        Cluster: clusterArn,
        TaskDefinition: this.taskDefinition.taskDefinitionArn,
        ContainerName: MIGRATE_CONTAINER_NAME,
        Subnets: props.cluster.vpc.selectSubnets(props.subnets).subnetIds,
        SecurityGroups: props.securityGroups.map((group) => group.securityGroupId),
        LogGroup: MIGRATE_LOG_GROUP_NAME,
        MigrationsFingerprint: props.migrationsFingerprint,
        BuildId: props.image.buildId,
      },
    });

    // RunTask needs the execution role's grants (image pull, database secret) in place, not only the role.
    this.resource.node.addDependency(this.taskDefinition.obtainExecutionRole());

    const taskArns = arnInFinding(stack, { service: "ecs", resource: "task", resourceName: `${CLUSTER_NAME}/*` });
    acknowledgeNag(
      defaultPolicyOf(role),
      `AwsSolutions-IAM5[Resource::${taskArns}]`,
      "Task ids are not known before RunTask; DescribeTasks is limited to tasks of this one cluster (and by the ecs:cluster condition).",
    );
    acknowledgeNag(
      this.taskDefinition,
      "AwsSolutions-ECS2",
      "Plain environment variables hold the database host, port and name and the build id; the credentials are ECS secrets from Secrets Manager.",
    );
    acknowledgeNag(
      defaultPolicyOf(this.taskDefinition.obtainExecutionRole()),
      "AwsSolutions-IAM5[Resource::*]",
      "ecr:GetAuthorizationToken has no resource-level permissions; image pulls themselves are scoped to the repository.",
    );
  }
}
