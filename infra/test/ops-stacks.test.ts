// Assertions on the synthesised templates of the default (production) configuration: one synth for the file.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { Match } from "aws-cdk-lib/assertions";
import { DockerImageAsset } from "aws-cdk-lib/aws-ecr-assets";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCRIPT_IMAGES } from "../../docker/script-images.mjs";
import { ALPACA_SECRET_FIELDS, OPS_IMAGE_NAME, OPS_TASK_COMMAND, alpacaSecretEnvNames } from "../lib/config/names.js";
import { serviceDeployments } from "../lib/config/service-deployments.js";
import type { ServiceDeployment } from "../lib/config/service-deployments.js";
import { ACCOUNT_IDS } from "../lib/config/service-catalog.js";
import { EMF_METRICS, METRIC_NAMESPACE } from "../lib/monitoring/ops-metrics.js";
import { heartbeatPeriodS } from "../lib/monitoring/service-alarm-specs.js";
import { resourcesOf, synthOps } from "./support/synth-ops.js";
import type { SynthesizedOps } from "./support/synth-ops.js";

let ops: SynthesizedOps;
let deployments: ServiceDeployment[];

beforeAll(() => {
  ops = synthOps();
  deployments = serviceDeployments(ops.config);
}, 120_000);
afterAll(() => ops?.dispose());

interface ContainerDefinition {
  Name: string;
  Environment?: { Name: string; Value: unknown }[];
  Secrets?: { Name: string; ValueFrom: unknown }[];
  LogConfiguration?: { LogDriver: string; Options: Record<string, unknown> };
  StopTimeout?: number;
  ReadonlyRootFilesystem?: boolean;
}

const json = (value: unknown): string => JSON.stringify(value);

function ecsService(name: string): { id: string; properties: Record<string, unknown>; dependsOn: string[] } {
  const found = Object.entries(resourcesOf(ops.services, "AWS::ECS::Service")).filter(([, r]) => r.Properties?.ServiceName === name);
  expect(found, `ECS service ${name}`).toHaveLength(1);
  const [id, resource] = found[0] as [string, { Properties: Record<string, unknown>; DependsOn?: string[] }];
  return { id, properties: resource.Properties, dependsOn: resource.DependsOn ?? [] };
}

function taskDefinitionOf(serviceName: string): { id: string; properties: Record<string, unknown>; container: ContainerDefinition } {
  const reference = ecsService(serviceName).properties.TaskDefinition as { Ref: string };
  const resource = resourcesOf(ops.services, "AWS::ECS::TaskDefinition")[reference.Ref];
  expect(resource, `task definition of ${serviceName}`).toBeDefined();
  const properties = resource?.Properties as Record<string, unknown>;
  const containers = properties.ContainerDefinitions as ContainerDefinition[];
  expect(containers).toHaveLength(1);
  return { id: reference.Ref, properties, container: containers[0] as ContainerDefinition };
}

function environmentOf(serviceName: string): Map<string, string> {
  return new Map((taskDefinitionOf(serviceName).container.Environment ?? []).map((entry) => [entry.Name, json(entry.Value)]));
}

/** Statements of every policy attached to the role the task definition names under `roleKey`. */
function statementsOfRole(taskDefinition: Record<string, unknown>, roleKey: "TaskRoleArn" | "ExecutionRoleArn"): Record<string, unknown>[] {
  const roleId = (taskDefinition[roleKey] as { "Fn::GetAtt": [string, string] })["Fn::GetAtt"][0];
  return Object.values(resourcesOf(ops.services, "AWS::IAM::Policy"))
    .filter((policy) => json(policy.Properties?.Roles).includes(`"${roleId}"`))
    .flatMap((policy) => (policy.Properties?.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement);
}

/** How an imported Alpaca secret's ARN appears in the services stack (by name; created ones are exports). */
function alpacaSecretReference(account: string): string {
  return `:secret:ops-pipeline/alpaca/${account}`;
}

describe("compute: one singleton Fargate service per LOOP service", () => {
  it("has the cluster the ops team's tools target, with Container Insights on", () => {
    ops.services.hasResourceProperties("AWS::ECS::Cluster", {
      ClusterName: "ops-pipeline-cluster",
      ClusterSettings: [{ Name: "containerInsights", Value: Match.stringLikeRegexp("enabled|enhanced") }],
    });
  });

  it("runs exactly the eleven services (dispatcher and position manager once per account)", () => {
    const names = Object.values(resourcesOf(ops.services, "AWS::ECS::Service")).map((r) => r.Properties?.ServiceName);
    expect(names.sort()).toEqual(deployments.map((d) => d.ecsServiceName).sort());
    expect(names).toHaveLength(11);
  });

  it("never runs two copies during a deploy, and rolls a failed deploy back", () => {
    for (const deployment of deployments) {
      const { properties } = ecsService(deployment.ecsServiceName);
      expect(properties.DesiredCount, deployment.ecsServiceName).toBe(1);
      expect(properties.DeploymentConfiguration, deployment.ecsServiceName).toMatchObject({
        MinimumHealthyPercent: 0,
        MaximumPercent: 100,
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
      });
      expect(properties.LaunchType).toBe("FARGATE");
      expect(json(properties.NetworkConfiguration)).toContain('"AssignPublicIp":"DISABLED"');
    }
  });

  it("writes each service's logs to its /ecs/ops-pipeline/<name>-service group, non-blocking, with a retention", () => {
    const groups = resourcesOf(ops.services, "AWS::Logs::LogGroup");
    for (const deployment of deployments) {
      const { container } = taskDefinitionOf(deployment.ecsServiceName);
      const options = container.LogConfiguration?.Options ?? {};
      expect(container.LogConfiguration?.LogDriver).toBe("awslogs");
      expect(options.mode).toBe("non-blocking");
      const groupId = (options["awslogs-group"] as { Ref: string }).Ref;
      expect(groups[groupId]?.Properties?.LogGroupName).toBe(`/ecs/ops-pipeline/${deployment.ecsServiceName}`);
      expect(groups[groupId]?.Properties?.RetentionInDays).toBe(ops.config.logRetentionDays);
    }
  });

  it("gives the loop runner the longest stop timeout Fargate allows to finish its cycle on SIGTERM", () => {
    for (const deployment of deployments) {
      expect(taskDefinitionOf(deployment.ecsServiceName).container.StopTimeout).toBe(120);
    }
  });

  it("sets the interval, account and build id every service needs, and a paper-only broker", () => {
    for (const deployment of deployments) {
      const env = environmentOf(deployment.ecsServiceName);
      expect(env.get("OPS_SERVICE")).toBe(json(deployment.service));
      expect(env.get("MODE")).toBe(json("LOOP"));
      expect(env.get("OPS_LOOP_INTERVAL_S")).toBe(json(String(deployment.spec.loopIntervalS)));
      expect(env.get("OPS_ACCOUNT")).toBe(deployment.account === undefined ? undefined : json(deployment.account));
      expect(env.get("BUILD_ID")).toMatch(/^"[0-9a-f]{12}"$/);
      expect(env.get("OPS_ALLOW_LIVE_TRADING") ?? json("false")).toBe(json("false"));
      for (const value of env.values()) expect(value).not.toMatch(/\/\/api\.alpaca\.markets/);
    }
  });
});

describe("the volatility source", () => {
  it("is the same on telemetry (which fetches its bars) and on every dispatcher and position manager, and absent elsewhere", () => {
    for (const deployment of deployments) {
      const value = environmentOf(deployment.ecsServiceName).get("OPS_VOLATILITY_SOURCE");
      const reads = ["telemetry", "dispatcher", "position-manager"].includes(deployment.service);
      expect(value, deployment.ecsServiceName).toBe(reads ? json("realized:SPY") : undefined);
    }
  });
});

describe("secrets: each task gets only its own", () => {
  it("passes each account's Alpaca keys by reference only to that account's services (and telemetry's data account)", () => {
    for (const deployment of deployments) {
      const env = environmentOf(deployment.ecsServiceName);
      for (const account of ACCOUNT_IDS) {
        const names = alpacaSecretEnvNames(account);
        const keyRef = env.get(`${names.keyId}_SECRET_ARN`);
        const secretRef = env.get(`${names.secretKey}_SECRET_ARN`);
        if (deployment.alpacaAccount === account) {
          expect(keyRef, deployment.ecsServiceName).toContain(alpacaSecretReference(account));
          expect(keyRef).toContain(`#${ALPACA_SECRET_FIELDS.keyId}`);
          expect(secretRef).toContain(`#${ALPACA_SECRET_FIELDS.secretKey}`);
        } else {
          expect(keyRef, `${deployment.ecsServiceName} must not see ${account}'s keys`).toBeUndefined();
          expect(secretRef).toBeUndefined();
        }
        // Never the key itself.
        expect(env.has(names.keyId)).toBe(false);
        expect(env.has(names.secretKey)).toBe(false);
      }
    }
  });

  it("lets each task role read exactly its own Alpaca secret and no other secret", () => {
    for (const deployment of deployments) {
      const { properties } = taskDefinitionOf(deployment.ecsServiceName);
      const secretStatements = statementsOfRole(properties, "TaskRoleArn").filter((s) => json(s.Action).includes("secretsmanager:"));
      if (deployment.alpacaAccount === undefined) {
        expect(secretStatements, deployment.ecsServiceName).toEqual([]);
        continue;
      }
      expect(secretStatements, deployment.ecsServiceName).toHaveLength(1);
      const resource = json(secretStatements[0]?.Resource);
      expect(resource).toContain(`ops-pipeline/alpaca/${deployment.alpacaAccount}-??????`);
      for (const other of ACCOUNT_IDS.filter((account) => account !== deployment.alpacaAccount)) {
        expect(resource).not.toContain(other);
      }
    }
  });

  it("injects the database user and password from the RDS secret at task start, never as plain values", () => {
    for (const deployment of deployments) {
      const { container, properties } = taskDefinitionOf(deployment.ecsServiceName);
      const secrets = Object.fromEntries((container.Secrets ?? []).map((s) => [s.Name, json(s.ValueFrom)]));
      expect(Object.keys(secrets).sort()).toEqual(["OPS_DB_PASSWORD", "OPS_DB_USER"]);
      expect(secrets.OPS_DB_PASSWORD).toContain(":password::");
      expect(secrets.OPS_DB_USER).toContain(":username::");
      const env = environmentOf(deployment.ecsServiceName);
      expect(env.has("DATABASE_URL")).toBe(false);
      expect(env.has("OPS_DB_PASSWORD")).toBe(false);
      // The execution role (ECS agent) reads it; the application's role does not.
      const taskRoleResources = json(statementsOfRole(properties, "TaskRoleArn").map((s) => s.Resource));
      expect(taskRoleResources).not.toContain("DatabaseInstanceSecret");
      const executionResources = json(statementsOfRole(properties, "ExecutionRoleArn").map((s) => s.Resource));
      expect(executionResources).toContain("DatabaseInstanceSecret");
    }
  });
});

describe("IAM: least privilege", () => {
  it("allows Bedrock to nobody when no model is configured", () => {
    for (const policy of Object.values(resourcesOf(ops.services, "AWS::IAM::Policy"))) {
      expect(json(policy.Properties?.PolicyDocument)).not.toContain("bedrock:");
    }
  });

  it("has no task role with a managed policy or an action wildcard", () => {
    for (const role of Object.values(resourcesOf(ops.services, "AWS::IAM::Role"))) {
      expect(role.Properties?.ManagedPolicyArns).toBeUndefined();
    }
    for (const policy of Object.values(resourcesOf(ops.services, "AWS::IAM::Policy"))) {
      const actions = (policy.Properties?.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement.flatMap((s) => s.Action);
      expect(actions.filter((action) => action.includes("*")), json(actions)).toEqual([]);
    }
  });

  it("lets the migration runner start only the migrate task definition, and pass only its roles to ECS", () => {
    const policies = Object.entries(resourcesOf(ops.services, "AWS::IAM::Policy")).filter(([id]) => id.startsWith("MigrationsFunctionRole"));
    expect(policies).toHaveLength(1);
    const statements = (policies[0]?.[1].Properties?.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement;
    const runTask = statements.find((s) => s.Action === "ecs:RunTask");
    expect(json(runTask?.Resource)).toContain("MigrationsTask");
    const passRole = statements.find((s) => s.Action === "iam:PassRole");
    expect(passRole?.Condition).toEqual({ StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } });
    expect(json(passRole?.Resource)).not.toContain('"*"');
  });
});

describe("migrations run before the services on every deploy", () => {
  it("creates or updates every service only after the migration resource succeeded", () => {
    const [migrationId] = Object.keys(resourcesOf(ops.services, "Custom::OpsMigrations"));
    expect(migrationId).toBeDefined();
    for (const deployment of deployments) {
      expect(ecsService(deployment.ecsServiceName).dependsOn, deployment.ecsServiceName).toContain(migrationId);
    }
  });

  it("runs the image's migration command in the task network, re-run whenever the image or a migration changes", () => {
    ops.services.hasResourceProperties("Custom::OpsMigrations", {
      TaskDefinition: { Ref: Match.stringLikeRegexp("^MigrationsTask") },
      ContainerName: "migrate",
      MigrationsFingerprint: Match.stringLikeRegexp("^[0-9a-f]{64}$"),
      LogGroup: "/ecs/ops-pipeline/migrate-task",
    });
    ops.services.hasResourceProperties("AWS::ECS::TaskDefinition", {
      Family: "ops-pipeline-migrate",
      ContainerDefinitions: [Match.objectLike({ Name: "migrate", Command: Match.arrayWith(["runtime/migrate.mjs"]) })],
    });
  });
});

describe("the one-off status task `pnpm status --aws` runs", () => {
  function opsTask(): { id: string; properties: Record<string, unknown>; container: ContainerDefinition } {
    const found = Object.entries(resourcesOf(ops.services, "AWS::ECS::TaskDefinition")).filter(([, r]) => r.Properties?.Family === "ops-pipeline-ops");
    expect(found, "task definition family ops-pipeline-ops").toHaveLength(1);
    const [id, resource] = found[0] as [string, { Properties: Record<string, unknown> }];
    const containers = resource.Properties.ContainerDefinitions as ContainerDefinition[];
    expect(containers).toHaveLength(1);
    return { id, properties: resource.Properties, container: containers[0] as ContainerDefinition };
  }
  const outputs = (): Record<string, { Value: unknown }> => ops.services.toJSON().Outputs as Record<string, { Value: unknown }>;

  it("is a Fargate task definition with container ops running the status CLI with --json, read-only root", () => {
    const { properties, container } = opsTask();
    expect(properties.RequiresCompatibilities).toEqual(["FARGATE"]);
    expect(container.Name).toBe("ops");
    expect((container as unknown as { Command: string[] }).Command).toEqual([...OPS_TASK_COMMAND]);
    expect(OPS_TASK_COMMAND).toContain("--json");
    expect(container.ReadonlyRootFilesystem).toBe(true);
  });

  const imageOf = (definition: ContainerDefinition): string => json((definition as unknown as { Image: unknown }).Image);
  function opsImageAsset(): DockerImageAsset {
    const opsImage = imageOf(opsTask().container);
    const assets = ops.stacks.services.node.findAll().filter((c): c is DockerImageAsset => c instanceof DockerImageAsset);
    const found = assets.find((asset) => opsImage.includes(asset.assetHash));
    expect(found, "the ops task's image is a Docker image asset of the stack").toBeDefined();
    return found as DockerImageAsset;
  }

  it("runs the ops image (docker/Dockerfile with SERVICE=ops), not a service's", () => {
    const opsImage = imageOf(opsTask().container);
    for (const deployment of deployments) {
      expect(opsImage, deployment.ecsServiceName).not.toEqual(imageOf(taskDefinitionOf(deployment.ecsServiceName).container));
    }
    expect(opsImageAsset().node.id).toBe(OPS_IMAGE_NAME);
    expect(Object.keys(SCRIPT_IMAGES)).toContain(OPS_IMAGE_NAME);
  });

  // The build context as CDK stages it through .dockerignore: a source the image needs but the context lacks would
  // only fail at `docker build` (tests/image prepares the image from the full checkout).
  it("has in its build context every source docker/script-images.mjs lists, and none of the other scripts", () => {
    const context = join(ops.app.outdir, `asset.${opsImageAsset().assetHash}`);
    expect(existsSync(join(context, "docker", "script-images.mjs")), context).toBe(true);
    // The context is the same for every image: the classifier's build stage runs this one.
    expect(existsSync(join(context, "scripts", "fetch-finbert.sh"))).toBe(true);
    const scriptsDir = resolve(import.meta.dirname, "..", "..", "scripts");
    const image = SCRIPT_IMAGES[OPS_IMAGE_NAME];
    for (const source of image?.sources ?? []) {
      const inRepo = join(scriptsDir, source);
      const files = statSync(inRepo).isDirectory() ? readdirSync(inRepo, { recursive: true, encoding: "utf8" }).map((file) => join(source, file)) : [source];
      for (const file of files.filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))) {
        expect(existsSync(join(context, "scripts", file)), `scripts/${file}`).toBe(true);
      }
    }
    for (const other of ["bench.ts", "start.ts", "ops.ts", "pipeline", "bench", "test", join("ops", "aws"), join("ops", "actions")]) {
      expect(existsSync(join(scriptsDir, other)), `scripts/${other} exists in the checkout`).toBe(true);
      expect(existsSync(join(context, "scripts", other)), `scripts/${other} stays out of the context`).toBe(false);
    }
  });

  it("is not a service: nothing but RunTask starts it", () => {
    const { id } = opsTask();
    for (const service of Object.values(resourcesOf(ops.services, "AWS::ECS::Service"))) {
      expect(service.Properties?.TaskDefinition).not.toEqual({ Ref: id });
    }
  });

  it("logs through awslogs to /ecs/ops-pipeline/ops with the configured retention (the CLI reads its report there)", () => {
    const { container } = opsTask();
    expect(container.LogConfiguration?.LogDriver).toBe("awslogs");
    const options = container.LogConfiguration?.Options ?? {};
    expect(options["awslogs-stream-prefix"]).toEqual(expect.any(String));
    const group = resourcesOf(ops.services, "AWS::Logs::LogGroup")[(options["awslogs-group"] as { Ref: string }).Ref];
    expect(group?.Properties?.LogGroupName).toBe("/ecs/ops-pipeline/ops");
    expect(group?.Properties?.RetentionInDays).toBe(ops.config.logRetentionDays);
  });

  it("gets the database parts, build id, log level and the services' volatility source, and no Alpaca or Bedrock setting", () => {
    const env = new Map((opsTask().container.Environment ?? []).map((entry) => [entry.Name, json(entry.Value)]));
    for (const name of ["OPS_DB_HOST", "OPS_DB_PORT", "OPS_DB_NAME"]) expect(env.has(name), name).toBe(true);
    // Like every image without an explicit build id, the ops image logs its own content hash.
    expect(env.get("BUILD_ID")).toBe(json(opsImageAsset().assetHash.slice(0, 12)));
    expect(env.get("LOG_LEVEL")).toBe(json("info"));
    expect(env.get("OPS_VOLATILITY_SOURCE")).toBe(environmentOf("dispatcher-service").get("OPS_VOLATILITY_SOURCE"));
    // The command carries the DATABASE_URL preload itself; a NODE_OPTIONS copy would load it twice.
    expect(env.has("NODE_OPTIONS")).toBe(false);
    for (const name of env.keys()) expect(name, name).not.toMatch(/ALPACA|BEDROCK|DATABASE_URL|PASSWORD/);
  });

  it("reads the database credentials as ECS secrets through its execution role; its task role may do nothing", () => {
    const { properties, container } = opsTask();
    const secrets = Object.fromEntries((container.Secrets ?? []).map((s) => [s.Name, json(s.ValueFrom)]));
    expect(Object.keys(secrets).sort()).toEqual(["OPS_DB_PASSWORD", "OPS_DB_USER"]);
    expect(secrets.OPS_DB_PASSWORD).toContain(":password::");
    const execution = statementsOfRole(properties, "ExecutionRoleArn");
    const secretRead = execution.filter((s) => json(s.Action).includes("secretsmanager:"));
    expect(secretRead).toHaveLength(1);
    expect(json(secretRead[0]?.Resource)).toContain("DatabaseInstanceSecret");
    expect(json(execution)).not.toMatch(/alpaca|bedrock/i);
    expect(statementsOfRole(properties, "TaskRoleArn")).toEqual([]);
  });

  it("exports the services' subnets and security groups (one admits it to the database), its roles and its log group", () => {
    const { properties } = opsTask();
    const out = outputs();
    const network = (ecsService("telemetry-service").properties.NetworkConfiguration as {
      AwsvpcConfiguration: { Subnets: unknown[]; SecurityGroups: unknown[] };
    }).AwsvpcConfiguration;
    expect(out.OpsTaskDefinitionFamily?.Value).toBe("ops-pipeline-ops");
    expect(out.OpsTaskSubnets?.Value).toEqual({ "Fn::Join": [",", network.Subnets] });
    expect(out.OpsTaskSecurityGroups?.Value).toEqual({ "Fn::Join": [",", network.SecurityGroups] });
    expect(json(network.SecurityGroups)).toContain("DatabaseClientSecurityGroup");
    expect(out.OpsTaskRoleArn?.Value).toEqual(properties.TaskRoleArn);
    expect(out.OpsTaskExecutionRoleArn?.Value).toEqual(properties.ExecutionRoleArn);
    expect(out.OpsTaskLogGroup?.Value).toBe("/ecs/ops-pipeline/ops");
  });
});

describe("database", () => {
  it("is PostgreSQL, encrypted, private, TLS-only, backed up and protected in production", () => {
    ops.data.hasResourceProperties("AWS::RDS::DBInstance", {
      Engine: "postgres",
      PubliclyAccessible: false,
      StorageEncrypted: true,
      DeletionProtection: true,
      BackupRetentionPeriod: 14,
    });
    ops.data.hasResource("AWS::RDS::DBInstance", { DeletionPolicy: "Snapshot", UpdateReplacePolicy: "Snapshot" });
    ops.data.hasResourceProperties("AWS::RDS::DBParameterGroup", { Parameters: { "rds.force_ssl": "1" } });
  });

  it("lives in isolated subnets (no route to the internet)", () => {
    const subnetGroup = Object.values(resourcesOf(ops.data, "AWS::RDS::DBSubnetGroup"))[0];
    const subnetIds = json(subnetGroup?.Properties?.SubnetIds);
    expect(subnetIds).toContain("databaseSubnet");
    const routes = Object.entries(resourcesOf(ops.data, "AWS::EC2::Route"));
    const databaseRoutes = routes.filter(([id]) => id.includes("databaseSubnet"));
    expect(databaseRoutes).toEqual([]);
  });

  it("accepts connections only from the database-client security group the tasks join", () => {
    const ingress = Object.values(resourcesOf(ops.data, "AWS::EC2::SecurityGroupIngress")).filter((r) => r.Properties?.FromPort === 5432);
    expect(ingress).toHaveLength(1);
    expect(json(ingress[0]?.Properties?.SourceSecurityGroupId)).toContain("DatabaseClientSecurityGroup");
    for (const group of Object.values(resourcesOf(ops.data, "AWS::EC2::SecurityGroup"))) {
      expect(json(group.Properties?.SecurityGroupIngress ?? [])).not.toContain("0.0.0.0/0");
    }
  });

  it("imports the Alpaca secrets by name instead of creating them (the ops team puts the keys in first)", () => {
    expect(Object.keys(resourcesOf(ops.data, "AWS::SecretsManager::Secret"))).toHaveLength(1);
  });
});

describe("network", () => {
  it("keeps Secrets Manager, CloudWatch Logs and ECR traffic on VPC endpoints", () => {
    const services = Object.values(resourcesOf(ops.data, "AWS::EC2::VPCEndpoint")).map((r) => json(r.Properties?.ServiceName));
    for (const name of ["secretsmanager", "logs", "ecr.api", "ecr.dkr", "s3"]) {
      expect(services.some((service) => service.includes(`.${name}`)), name).toBe(true);
    }
  });
});

describe("monitoring", () => {
  type Dimension = { Name: string; Value: string };
  type MetricStat = { Metric: { Namespace: string; MetricName: string; Dimensions: Dimension[] }; Stat: string; Period: number };
  type AlarmProperties = {
    AlarmName: string; Namespace?: string; MetricName?: string; Dimensions?: Dimension[]; Statistic?: string;
    Metrics?: { Id: string; MetricStat?: MetricStat; Expression?: string; ReturnData?: boolean }[];
    Threshold: number; ComparisonOperator: string; TreatMissingData: string; AlarmActions?: unknown[]; OKActions?: unknown[];
  };
  const alarms = (): AlarmProperties[] =>
    Object.values(resourcesOf(ops.monitoring, "AWS::CloudWatch::Alarm")).map((a) => a.Properties as unknown as AlarmProperties);
  const alarmNamed = (name: string): AlarmProperties => {
    const found = alarms().filter((a) => a.AlarmName === name);
    expect(found, name).toHaveLength(1);
    return found[0]!;
  };
  const dimensionsOf = (values: Record<string, string>): Dimension[] =>
    Object.entries(values).map(([Name, Value]) => ({ Name, Value })).sort((a, b) => a.Name.localeCompare(b.Name));
  const sorted = (dimensions: Dimension[] | undefined): Dimension[] => [...(dimensions ?? [])].sort((a, b) => a.Name.localeCompare(b.Name));
  const emfDimensions = (d: ServiceDeployment): Dimension[] => dimensionsOf({ Service: d.service, Account: d.account ?? "all" });
  /** Every (namespace, metric, dimensions) an alarm reads, whether as its one metric or inside metric math. */
  const metricsReadBy = (alarm: AlarmProperties): { namespace: string; metricName: string; dimensions: Dimension[] }[] =>
    alarm.MetricName !== undefined
      ? [{ namespace: alarm.Namespace!, metricName: alarm.MetricName, dimensions: sorted(alarm.Dimensions) }]
      : (alarm.Metrics ?? []).flatMap((m) =>
          m.MetricStat === undefined ? [] : [{ namespace: m.MetricStat.Metric.Namespace, metricName: m.MetricStat.Metric.MetricName, dimensions: sorted(m.MetricStat.Metric.Dimensions) }]);
  const topicRef = (): { Ref: string } => ({ Ref: Object.keys(resourcesOf(ops.monitoring, "AWS::SNS::Topic"))[0]! });

  it("alarms on a missing heartbeat of every service from the EMF Heartbeat less CycleErrors, missing data breaching", () => {
    for (const deployment of deployments) {
      const alarm = alarmNamed(`ops-pipeline-${deployment.ecsServiceName}-heartbeat`);
      expect(alarm).toMatchObject({ ComparisonOperator: "LessThanThreshold", Threshold: 1, TreatMissingData: "breaching" });
      const stats = Object.fromEntries((alarm.Metrics ?? []).filter((m) => m.MetricStat).map((m) => [m.Id, m.MetricStat!]));
      const expression = alarm.Metrics?.find((m) => m.ReturnData !== false && m.Expression !== undefined)?.Expression;
      // The expression subtracts the error series from the beat series (ids are CDK's, names are core's).
      const idOf = (name: string) => Object.entries(stats).find(([, stat]) => stat.Metric.MetricName === name)?.[0];
      expect(expression).toBe(`${idOf(EMF_METRICS.heartbeat)} - ${idOf(EMF_METRICS.cycleErrors)}`);
      for (const stat of Object.values(stats)) {
        expect(stat).toMatchObject({ Stat: "Sum", Period: heartbeatPeriodS(deployment.spec.loopIntervalS) });
        expect(stat.Metric.Namespace).toBe(METRIC_NAMESPACE);
        expect(sorted(stat.Metric.Dimensions)).toEqual(emfDimensions(deployment));
      }
    }
  });

  it("alarms on restarts of every service from the ServiceStarts filter", () => {
    for (const deployment of deployments) {
      expect(alarmNamed(`ops-pipeline-${deployment.ecsServiceName}-restarts`)).toMatchObject({
        Namespace: METRIC_NAMESPACE, MetricName: "ServiceStarts", Threshold: 3, ComparisonOperator: "GreaterThanOrEqualToThreshold", TreatMissingData: "notBreaching",
        Dimensions: dimensionsOf(deployment.account === undefined ? { Service: deployment.service } : { Service: deployment.service, Account: deployment.account }),
      });
    }
  });

  it("alarms on order rejects of every trading service from the EMF Rejects", () => {
    const rejectAlarms = alarms().filter((a) => a.MetricName === EMF_METRICS.rejects);
    expect(rejectAlarms.map((a) => a.AlarmName).sort()).toEqual(
      deployments.filter((d) => d.spec.trades).map((d) => `ops-pipeline-${d.ecsServiceName}-order-rejects`).sort(),
    );
    for (const deployment of deployments.filter((d) => d.spec.trades)) {
      const alarm = alarmNamed(`ops-pipeline-${deployment.ecsServiceName}-order-rejects`);
      expect(alarm).toMatchObject({
        Namespace: METRIC_NAMESPACE, Statistic: "Sum", Threshold: ops.config.orderRejectAlarmThreshold,
        ComparisonOperator: "GreaterThanOrEqualToThreshold", TreatMissingData: "notBreaching",
      });
      expect(sorted(alarm.Dimensions)).toEqual(emfDimensions(deployment));
    }
  });

  it("alarms when telemetry writes no bars during market hours, from the EMF RowsProcessed", () => {
    const alarm = alarmNamed("ops-pipeline-telemetry-service-bars-stale");
    expect(alarm).toMatchObject({ TreatMissingData: "breaching", Threshold: 1, ComparisonOperator: "LessThanThreshold" });
    expect(alarm.Metrics?.some((m) => m.Expression?.includes("HOUR("))).toBe(true);
    const telemetry = deployments.find((d) => d.spec.writesBars)!;
    expect(metricsReadBy(alarm)).toEqual([{ namespace: METRIC_NAMESPACE, metricName: EMF_METRICS.rowsProcessed, dimensions: emfDimensions(telemetry) }]);
  });

  it("alarms per trading account on any automatic risk-mode change and on protection errors, to the alerts topic", () => {
    const guards = deployments.filter((d) => d.spec.guardsRisk);
    expect(guards.map((d) => d.account).sort()).toEqual([...ACCOUNT_IDS].sort());
    for (const [kind, metricName] of [["risk-mode-change", EMF_METRICS.riskModeChanges], ["protection-errors", EMF_METRICS.protectionErrors]] as const) {
      expect(alarms().filter((a) => a.MetricName === metricName)).toHaveLength(ACCOUNT_IDS.length);
      for (const deployment of guards) {
        const alarm = alarmNamed(`ops-pipeline-${deployment.account}-${kind}`);
        expect(alarm).toMatchObject({
          Namespace: METRIC_NAMESPACE, MetricName: metricName, Statistic: "Sum", Threshold: 1,
          ComparisonOperator: "GreaterThanOrEqualToThreshold", TreatMissingData: "notBreaching",
          AlarmActions: [topicRef()], OKActions: [topicRef()],
        });
        expect(sorted(alarm.Dimensions)).toEqual(dimensionsOf({ Service: "position-manager", Account: deployment.account! }));
      }
    }
  });

  it("sends every alarm and its recovery to the alerts topic", () => {
    for (const alarm of alarms()) expect(alarm, alarm.AlarmName).toMatchObject({ AlarmActions: [topicRef()], OKActions: [topicRef()] });
  });

  it("reads only metrics the cycle lines' EMF or a metric filter publishes, and no filter duplicates an EMF metric", () => {
    const filters = Object.values(resourcesOf(ops.services, "AWS::Logs::MetricFilter")).map((f) => f.Properties as Record<string, unknown>);
    const transformations = filters.flatMap((f) => f.MetricTransformations as { MetricNamespace: string; MetricName: string; Dimensions?: { Key: string }[] }[]);
    const emfNames: string[] = Object.values(EMF_METRICS);
    expect(transformations.filter((t) => emfNames.includes(t.MetricName))).toEqual([]);
    expect(transformations.map((t) => t.MetricName)).toEqual(deployments.map(() => "ServiceStarts"));
    const filtered = new Set(transformations.map((t) => `${t.MetricNamespace}/${t.MetricName}/${(t.Dimensions ?? []).map((d) => d.Key).sort().join(",")}`));
    const read = alarms().flatMap((alarm) => metricsReadBy(alarm).map((metric) => ({ alarm: alarm.AlarmName, ...metric })));
    const ours = read.filter((m) => m.namespace === METRIC_NAMESPACE);
    expect(ours.length).toBeGreaterThan(3 * deployments.length);
    for (const metric of ours) {
      const names = metric.dimensions.map((d) => d.Name).join(",");
      if (emfNames.includes(metric.metricName)) expect(names, metric.alarm).toBe("Account,Service");
      else expect(filtered, metric.alarm).toContain(`${METRIC_NAMESPACE}/${metric.metricName}/${names}`);
    }
  });

  it("sends alarms to an encrypted SNS topic, with no e-mail subscription unless one is configured", () => {
    ops.monitoring.hasResourceProperties("AWS::SNS::Topic", { TopicName: "ops-pipeline-alerts", KmsMasterKeyId: Match.anyValue() });
    ops.monitoring.resourceCountIs("AWS::SNS::Subscription", 0);
    ops.monitoring.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
  });
});
