import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Tags } from "aws-cdk-lib";
import type { App } from "aws-cdk-lib";
import { migrationsFingerprint } from "./config/migrations-fingerprint.js";
import type { OpsConfig } from "./config/ops-config.js";
import { DATABASE_NAME } from "./constructs/ops-database.js";
import { DataStack } from "./stacks/data-stack.js";
import { MonitoringStack } from "./stacks/monitoring-stack.js";
import { ServicesStack } from "./stacks/services-stack.js";

/** The workspace root: the Docker build context and the migrations folder. */
export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/**
 * CDK feature flags the app is synthesised with (bin/app.ts and the tests alike). Cross-stack references stay
 * "strong": the data stack refuses to drop an export the services stack still uses.
 */
export const OPS_CDK_CONTEXT: Readonly<Record<string, string>> = { "@aws-cdk/core:defaultCrossStackReferences": "strong" };

export const STACK_NAMES = { data: "OpsPipelineData", services: "OpsPipelineServices", monitoring: "OpsPipelineMonitoring" } as const;

export interface OpsStacks {
  readonly data: DataStack;
  readonly services: ServicesStack;
  readonly monitoring: MonitoringStack;
}

/** The three stacks, deployed in order: data, then services (migrations first), then monitoring. */
export function createOpsStacks(app: App, config: OpsConfig): OpsStacks {
  const env = { account: config.account, region: config.region };
  const description = "ops-pipeline paper-trading pipeline";
  const data = new DataStack(app, STACK_NAMES.data, { env, config, description: `${description}: network, database, secrets` });
  const instance = data.database.instance;
  const services = new ServicesStack(app, STACK_NAMES.services, {
    env,
    config,
    description: `${description}: ECS cluster, migrations, LOOP services`,
    vpc: data.network.vpc,
    database: {
      host: instance.dbInstanceEndpointAddress,
      port: instance.dbInstanceEndpointPort,
      name: DATABASE_NAME,
      secret: data.database.secret,
    },
    databaseClientSecurityGroup: data.database.clientSecurityGroup,
    alpacaSecrets: data.alpacaSecrets,
    repoRoot: REPO_ROOT,
    migrationsFingerprint: migrationsFingerprint(join(REPO_ROOT, "migrations")),
  });
  const monitoring = new MonitoringStack(app, STACK_NAMES.monitoring, {
    env,
    config,
    description: `${description}: alarms, alert topic, dashboard`,
    deployments: services.deployments,
    database: instance,
  });
  for (const stack of [data, services, monitoring]) {
    Tags.of(stack).add("project", "ops-pipeline");
    Tags.of(stack).add("stage", config.stage);
  }
  return { data, services, monitoring };
}
