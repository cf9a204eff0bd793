import { RemovalPolicy, Stack } from "aws-cdk-lib";
import type { StackProps } from "aws-cdk-lib";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as ecs from "aws-cdk-lib/aws-ecs";
import type * as logs from "aws-cdk-lib/aws-logs";
import type { Construct } from "constructs";
import { bedrockModelResources } from "../config/bedrock-resources.js";
import { CLUSTER_NAME, OPS_IMAGE_NAME } from "../config/names.js";
import type { OpsConfig } from "../config/ops-config.js";
import { serviceDeployments } from "../config/service-deployments.js";
import type { ServiceDeployment } from "../config/service-deployments.js";
import type { AlpacaSecrets } from "../constructs/alpaca-secrets.js";
import type { DatabaseAccess } from "../constructs/database-access.js";
import { LoopService } from "../constructs/loop-service.js";
import { MigrationRunner } from "../constructs/migration-runner.js";
import { OpsTask } from "../constructs/ops-task.js";
import { ServiceImages } from "../constructs/service-images.js";

export interface ServicesStackProps extends StackProps {
  readonly config: OpsConfig;
  readonly vpc: ec2.IVpc;
  readonly database: DatabaseAccess;
  /** Tasks join it to reach the database. */
  readonly databaseClientSecurityGroup: ec2.ISecurityGroup;
  readonly alpacaSecrets: AlpacaSecrets;
  /** Workspace root (Docker build context). */
  readonly repoRoot: string;
  readonly migrationsFingerprint: string;
}

/**
 * The cluster, the migration step, the one-off status task, and one LoopService per deployment
 * (dispatcher/position-manager per account).
 */
export class ServicesStack extends Stack {
  readonly cluster: ecs.Cluster;
  readonly services: ReadonlyMap<string, LoopService>;
  readonly deployments: readonly ServiceDeployment[];
  readonly migrations: MigrationRunner;
  readonly opsTask: OpsTask;

  constructor(scope: Construct, id: string, props: ServicesStackProps) {
    super(scope, id, props);
    const { config } = props;
    const logRetentionDays = config.logRetentionDays as logs.RetentionDays;
    const logRemovalPolicy = config.stage === "prod" ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.cluster = new ecs.Cluster(this, "Cluster", {
      clusterName: CLUSTER_NAME,
      vpc: props.vpc,
      containerInsightsV2: ecs.ContainerInsights.ENHANCED,
    });
    const taskSecurityGroup = new ec2.SecurityGroup(this, "TaskSecurityGroup", {
      vpc: props.vpc,
      description: "ops-pipeline tasks: no inbound; outbound to Alpaca, Bedrock, AWS endpoints",
      allowAllOutbound: true,
    });
    const securityGroups = [taskSecurityGroup, props.databaseClientSecurityGroup];
    const subnets = { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };

    const images = new ServiceImages(this, "Images", {
      repoRoot: props.repoRoot,
      imageTag: config.imageTag,
      ecrRepositoryPrefix: config.ecrRepositoryPrefix,
      buildId: config.buildId,
    });

    this.deployments = serviceDeployments(config);
    const firstService = this.deployments[0]?.service;
    if (firstService === undefined) throw new Error("no services to deploy");
    // Every image carries the runner and the migrations; the first service's image is as good as any.
    this.migrations = new MigrationRunner(this, "Migrations", {
      cluster: this.cluster,
      image: images.for(firstService),
      database: props.database,
      subnets,
      securityGroups,
      migrationsFingerprint: props.migrationsFingerprint,
      logRetentionDays,
      removalPolicy: logRemovalPolicy,
    });

    // Its own image (the status CLI; the services' images carry no scripts), the services' network and database
    // access: `pnpm status --aws` runs it with a running service's awsvpc configuration.
    this.opsTask = new OpsTask(this, "OpsTask", {
      cluster: this.cluster,
      image: images.for(OPS_IMAGE_NAME),
      database: props.database,
      subnets,
      securityGroups,
      logRetentionDays,
      removalPolicy: logRemovalPolicy,
    });

    const bedrock = bedrockModelResources(config.bedrockModelId, this);
    const services = new Map<string, LoopService>();
    for (const deployment of this.deployments) {
      const service = new LoopService(this, deployment.ecsServiceName, {
        cluster: this.cluster,
        deployment,
        config,
        image: images.for(deployment.service),
        database: props.database,
        alpacaSecret: deployment.alpacaAccount === undefined ? undefined : props.alpacaSecrets.forAccount(deployment.alpacaAccount),
        bedrockResources: deployment.spec.bedrock ? bedrock : [],
        subnets,
        securityGroups,
        after: this.migrations.resource,
        logRetentionDays,
        logRemovalPolicy,
      });
      services.set(deployment.ecsServiceName, service);
    }
    this.services = services;
  }
}
