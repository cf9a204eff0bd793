import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as logs from "aws-cdk-lib/aws-logs";
import * as rds from "aws-cdk-lib/aws-rds";
import type * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import type { IConstruct } from "constructs";

export const DATABASE_NAME = "ops";
export const DATABASE_USER = "ops_admin";
export const DATABASE_SECRET_NAME = "ops-pipeline/database/credentials";
export const DATABASE_INSTANCE_ID = "ops-pipeline-db";
const EXPORTED_LOGS = ["postgresql", "upgrade"] as const;

export interface OpsDatabaseProps {
  readonly vpc: ec2.IVpc;
  readonly instanceType: string;
  readonly allocatedStorageGiB: number;
  readonly maxAllocatedStorageGiB: number;
  readonly backupRetentionDays: number;
  readonly multiAz: boolean;
  /** prod: deletion protection on and a final snapshot on delete. */
  readonly protect: boolean;
  readonly logRetentionDays: logs.RetentionDays;
}

/**
 * RDS PostgreSQL (current major) in isolated subnets: encrypted at rest, TLS required (rds.force_ssl), credentials
 * generated into Secrets Manager, backups retained. Tasks reach it by joining `clientSecurityGroup`.
 */
export class OpsDatabase extends Construct {
  readonly instance: rds.DatabaseInstance;
  readonly secret: secretsmanager.ISecret;
  /** The secret resource itself (`secret` is its attachment to the instance, which adds host and port). */
  readonly generatedSecret: IConstruct;
  /** Members may connect on the database port; nothing else may. */
  readonly clientSecurityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: OpsDatabaseProps) {
    super(scope, id);
    const engine = rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_18 });
    const parameterGroup = new rds.ParameterGroup(this, "Parameters", {
      engine,
      description: "ops-pipeline: TLS required",
      parameters: { "rds.force_ssl": "1" },
    });

    this.clientSecurityGroup = new ec2.SecurityGroup(this, "ClientSecurityGroup", {
      vpc: props.vpc,
      description: "ops-pipeline database clients (ECS tasks)",
      allowAllOutbound: true,
    });
    const databaseSecurityGroup = new ec2.SecurityGroup(this, "SecurityGroup", {
      vpc: props.vpc,
      description: "ops-pipeline database: PostgreSQL from database clients only",
      allowAllOutbound: false,
    });
    databaseSecurityGroup.addIngressRule(this.clientSecurityGroup, ec2.Port.tcp(5432), "PostgreSQL from ops-pipeline tasks");

    const removalPolicy = props.protect ? RemovalPolicy.SNAPSHOT : RemovalPolicy.DESTROY;
    this.instance = new rds.DatabaseInstance(this, "Instance", {
      instanceIdentifier: DATABASE_INSTANCE_ID,
      engine,
      parameterGroup,
      instanceType: new ec2.InstanceType(props.instanceType),
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroups: [databaseSecurityGroup],
      publiclyAccessible: false,
      port: 5432,
      databaseName: DATABASE_NAME,
      credentials: rds.Credentials.fromGeneratedSecret(DATABASE_USER, { secretName: DATABASE_SECRET_NAME }),
      storageEncrypted: true,
      storageType: rds.StorageType.GP3,
      allocatedStorage: props.allocatedStorageGiB,
      maxAllocatedStorage: props.maxAllocatedStorageGiB,
      multiAz: props.multiAz,
      backupRetention: Duration.days(props.backupRetentionDays),
      deleteAutomatedBackups: !props.protect,
      deletionProtection: props.protect,
      removalPolicy,
      iamAuthentication: true,
      autoMinorVersionUpgrade: true,
      copyTagsToSnapshot: true,
      cloudwatchLogsExports: [...EXPORTED_LOGS],
    });
    // Created here with a retention, instead of by RDS without one (cloudwatchLogsRetention would add a Lambda).
    for (const log of EXPORTED_LOGS) {
      const group = new logs.LogGroup(this, `Logs-${log}`, {
        logGroupName: `/aws/rds/instance/${DATABASE_INSTANCE_ID}/${log}`,
        retention: props.logRetentionDays,
        removalPolicy: props.protect ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      });
      this.instance.node.addDependency(group);
    }
    const secret = this.instance.secret;
    if (secret === undefined) throw new Error("the database instance has no generated secret");
    this.secret = secret;
    this.generatedSecret = this.instance.node.findChild("Secret");
  }
}
