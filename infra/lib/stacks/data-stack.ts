import { RemovalPolicy, Stack } from "aws-cdk-lib";
import type { StackProps } from "aws-cdk-lib";
import type * as logs from "aws-cdk-lib/aws-logs";
import type { Construct } from "constructs";
import type { OpsConfig } from "../config/ops-config.js";
import { AlpacaSecrets } from "../constructs/alpaca-secrets.js";
import { OpsDatabase } from "../constructs/ops-database.js";
import { OpsNetwork } from "../constructs/ops-network.js";
import { acknowledgeNag } from "../nag/acknowledge.js";

export interface DataStackProps extends StackProps {
  readonly config: OpsConfig;
}

/** The stateful half: network, database and secrets. Kept apart so a services change never replaces data. */
export class DataStack extends Stack {
  readonly network: OpsNetwork;
  readonly database: OpsDatabase;
  readonly alpacaSecrets: AlpacaSecrets;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { config } = props;
    const protect = config.stage === "prod";
    const removalPolicy = protect ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const logRetentionDays = config.logRetentionDays as logs.RetentionDays;

    this.network = new OpsNetwork(this, "Network", { natGateways: config.natGateways, logRetentionDays, removalPolicy });
    this.database = new OpsDatabase(this, "Database", {
      vpc: this.network.vpc,
      instanceType: config.dbInstanceType,
      allocatedStorageGiB: config.dbAllocatedStorageGiB,
      maxAllocatedStorageGiB: config.dbMaxAllocatedStorageGiB,
      backupRetentionDays: config.dbBackupRetentionDays,
      multiAz: config.dbMultiAz,
      protect,
      logRetentionDays,
    });
    this.alpacaSecrets = new AlpacaSecrets(this, "AlpacaSecrets", {
      mode: config.alpacaSecretMode,
      namePrefix: config.alpacaSecretPrefix,
      removalPolicy,
    });

    const instance = this.database.instance;
    acknowledgeNag(instance, "AwsSolutions-RDS11", "Port 5432 is kept for tooling; the instance is in isolated subnets and only the database-client security group may connect.");
    if (!config.dbMultiAz) {
      acknowledgeNag(instance, "AwsSolutions-RDS3", "Single-AZ by default for a paper-trading stack: backups and point-in-time recovery are the accepted recovery path; set -c dbMultiAz=true to enable.");
    }
    if (!protect) {
      acknowledgeNag(instance, "AwsSolutions-RDS10", "stage=dev is a throwaway stack; prod enables deletion protection.");
    }
    acknowledgeNag(
      this.database.generatedSecret,
      "AwsSolutions-SMG4",
      "ECS injects the password into each task at start; rotating it would break running services' new connections. Rotate by the runbook in docs/deploy.md (rotate, then redeploy).",
    );
    for (const secret of this.alpacaSecrets.created()) {
      acknowledgeNag(secret, "AwsSolutions-SMG4", "Alpaca API keys are issued in the Alpaca dashboard; Secrets Manager cannot rotate them. The runbook in docs/deploy.md covers replacing them.");
    }
  }
}
