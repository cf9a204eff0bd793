import { CfnOutput, Fn } from "aws-cdk-lib";
import type { RemovalPolicy } from "aws-cdk-lib";
import type * as ec2 from "aws-cdk-lib/aws-ec2";
import * as ecs from "aws-cdk-lib/aws-ecs";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { VOLATILITY_ENVIRONMENT } from "../config/container-environment.js";
import { OPS_TASK_COMMAND, OPS_TASK_CONTAINER_NAME, OPS_TASK_FAMILY, OPS_TASK_LOG_GROUP_NAME } from "../config/names.js";
import { acknowledgeNag, defaultPolicyOf } from "../nag/acknowledge.js";
import { databaseEnvironment, databaseSecrets } from "./database-access.js";
import type { DatabaseAccess } from "./database-access.js";
import type { ServiceImage } from "./service-images.js";

/** CloudFormation output names an operator (or a script) reads to run the task by hand or to grant RunTask. */
export const OPS_TASK_OUTPUTS = {
  taskDefinitionFamily: "OpsTaskDefinitionFamily",
  subnets: "OpsTaskSubnets",
  securityGroups: "OpsTaskSecurityGroups",
  taskRoleArn: "OpsTaskRoleArn",
  executionRoleArn: "OpsTaskExecutionRoleArn",
  logGroup: "OpsTaskLogGroup",
} as const;

/**
 * The status task's plain environment (the credentials come as ECS secrets, see databaseSecrets). Status reads only
 * DATABASE_URL: the command's `--import ./runtime/set-database-url.mjs` composes it from these parts.
 */
export function opsTaskEnvironment(database: Readonly<Record<string, string>>, buildId: string): Record<string, string> {
  return {
    ...database,
    BUILD_ID: buildId,
    LOG_LEVEL: "info",
    // Status reports which volatility source the gates use; it must see the value the services are given.
    ...VOLATILITY_ENVIRONMENT,
  };
}

export interface OpsTaskProps {
  readonly cluster: ecs.ICluster;
  readonly image: ServiceImage;
  readonly database: DatabaseAccess;
  /** The services' network: `pnpm status --aws` copies a running service's awsvpc configuration into RunTask. */
  readonly subnets: ec2.SubnetSelection;
  readonly securityGroups: readonly ec2.ISecurityGroup[];
  readonly logRetentionDays: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The one-off task behind `pnpm status --aws`: the database sits in isolated subnets, so the CLI runs this task
 * definition (the ops image: `pnpm status` transpiled, docker/script-images.mjs) inside the VPC and reads its JSON
 * report back from the awslogs stream. It is never a service; nothing
 * starts it but RunTask. Status only reads the database, so the task gets the database credentials and nothing
 * else: no Alpaca keys, no Bedrock, an empty task role.
 */
export class OpsTask extends Construct {
  readonly taskDefinition: ecs.FargateTaskDefinition;
  readonly container: ecs.ContainerDefinition;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: OpsTaskProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, "Logs", {
      logGroupName: OPS_TASK_LOG_GROUP_NAME,
      retention: props.logRetentionDays,
      removalPolicy: props.removalPolicy,
    });
    this.taskDefinition = new ecs.FargateTaskDefinition(this, "Task", {
      family: OPS_TASK_FAMILY,
      cpu: 256,
      memoryLimitMiB: 512,
      runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.X86_64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
    });
    this.container = this.taskDefinition.addContainer(OPS_TASK_CONTAINER_NAME, {
      containerName: OPS_TASK_CONTAINER_NAME,
      image: props.image.image,
      command: [...OPS_TASK_COMMAND],
      essential: true,
      readonlyRootFilesystem: true,
      environment: opsTaskEnvironment(databaseEnvironment(props.database), props.image.buildId),
      secrets: databaseSecrets(props.database),
      // The CLI finds the report through this configuration (group and stream prefix), so it must stay awslogs.
      logging: ecs.LogDrivers.awsLogs({ logGroup: this.logGroup, streamPrefix: "ecs", mode: ecs.AwsLogDriverMode.NON_BLOCKING }),
    });

    const output = (name: string, value: string, description: string): void => {
      new CfnOutput(this, name, { value, description }).overrideLogicalId(name);
    };
    output(OPS_TASK_OUTPUTS.taskDefinitionFamily, OPS_TASK_FAMILY, "Task definition family `pnpm status --aws` runs");
    output(
      OPS_TASK_OUTPUTS.subnets,
      Fn.join(",", props.cluster.vpc.selectSubnets(props.subnets).subnetIds),
      "Subnets of the services (and of the status task): RunTask --network-configuration subnets",
    );
    output(
      OPS_TASK_OUTPUTS.securityGroups,
      Fn.join(",", props.securityGroups.map((group) => group.securityGroupId)),
      "Security groups of the services, one of them admitted by the database: RunTask --network-configuration securityGroups",
    );
    output(OPS_TASK_OUTPUTS.taskRoleArn, this.taskDefinition.taskRole.roleArn, "iam:PassRole target for running the status task");
    output(
      OPS_TASK_OUTPUTS.executionRoleArn,
      this.taskDefinition.obtainExecutionRole().roleArn,
      "iam:PassRole target for running the status task",
    );
    output(OPS_TASK_OUTPUTS.logGroup, OPS_TASK_LOG_GROUP_NAME, "Where the status task prints its JSON report");

    acknowledgeNag(
      this.taskDefinition,
      "AwsSolutions-ECS2",
      "Plain environment variables hold the database host, port and name, the build id and the volatility source; the credentials are ECS secrets from Secrets Manager.",
    );
    acknowledgeNag(
      defaultPolicyOf(this.taskDefinition.obtainExecutionRole()),
      "AwsSolutions-IAM5[Resource::*]",
      "ecr:GetAuthorizationToken has no resource-level permissions; image pulls themselves are scoped to the repository.",
    );
  }
}
