// The environment the stack gives each container is the one the services read: every service's own config schema
// accepts it, the secret references have the names and the `arn#field` form the secret reader expects, and the
// closed sets and AWS names infra repeats (it does not depend on the packages or scripts) match theirs.
import { describe, expect, it } from "vitest";
import { alpacaSecretNames } from "../../packages/broker-alpaca/src/index.js";
import { createSecretSource, loadConfig, loadVolatilityConfig } from "../../packages/core/src/index.js";
import type { EnvSource, SecretsClient } from "../../packages/core/src/index.js";
import { ACCOUNT_IDS as TRADING_ACCOUNT_IDS } from "../../packages/trading/src/index.js";
import { composeDatabaseUrl } from "../../docker/runtime/database-url.mjs";
import { AWS_DEFAULTS, logGroupFor } from "../../scripts/ops/aws/aws-defaults.js";
import { containerEnvironment } from "../lib/config/container-environment.js";
import {
  CLUSTER_NAME, OPS_TASK_COMMAND, OPS_TASK_CONTAINER_NAME, OPS_TASK_FAMILY, OPS_TASK_LOG_GROUP_NAME, alpacaSecretEnvNames, logGroupName,
} from "../lib/config/names.js";
import { readOpsConfig } from "../lib/config/ops-config.js";
import { ACCOUNT_IDS, LOOP_SERVICES } from "../lib/config/service-catalog.js";
import { serviceDeployments } from "../lib/config/service-deployments.js";
import type { ServiceDeployment } from "../lib/config/service-deployments.js";
import { databaseEnvironment } from "../lib/constructs/database-access.js";
import { opsTaskEnvironment } from "../lib/constructs/ops-task.js";

const config = readOpsConfig(() => undefined);
const secretArn = (account: string) => `arn:aws:secretsmanager:us-east-1:123456789012:secret:ops-pipeline/alpaca/${account}-AbCdEf`;

/** A container's environment as ECS would start it: plain values, plus the injected database credentials. */
function taskEnvironment(deployment: ServiceDeployment): Record<string, string> {
  const plain = containerEnvironment({
    deployment,
    config,
    buildId: "0123456789ab",
    databaseEnvironment: databaseEnvironment({ host: "ops-pipeline-db.abc.us-east-1.rds.amazonaws.com", port: "5432", name: "ops" }),
    alpacaSecretArn: deployment.alpacaAccount === undefined ? undefined : secretArn(deployment.alpacaAccount),
  });
  return { ...plain, OPS_DB_USER: "ops_admin", OPS_DB_PASSWORD: "generated-password" };
}

type Schema = Parameters<typeof loadConfig>[0];

async function configSchemaOf(service: string): Promise<Schema> {
  const module = (await import(`../../services/${service}/src/config.ts`)) as Record<string, unknown>;
  const schemas = Object.entries(module).filter(([name]) => name.endsWith("ConfigSchema"));
  expect(schemas.map(([name]) => name), `services/${service}/src/config.ts exports one *ConfigSchema`).toHaveLength(1);
  return schemas[0]?.[1] as Schema;
}

describe("the containers' environment against the services' own config", () => {
  it.each(serviceDeployments(config).map((d) => [d.ecsServiceName, d] as const))("%s starts with what the stack sets", async (_name, deployment) => {
    const env: EnvSource = taskEnvironment(deployment);
    const databaseUrl = composeDatabaseUrl(env);
    expect(databaseUrl).toMatch(/^postgresql:\/\/ops_admin:generated-password@/);
    const loaded = loadConfig(await configSchemaOf(deployment.service), { ...env, DATABASE_URL: databaseUrl }) as Record<string, unknown>;
    expect(loaded.MODE).toBe("LOOP");
    expect(loaded.OPS_SERVICE).toBe(deployment.service);
    expect(loaded.OPS_LOOP_INTERVAL_S).toBe(deployment.spec.loopIntervalS);
    if (deployment.account !== undefined) expect(loaded.OPS_ACCOUNT).toBe(deployment.account);
    // Telemetry and the dispatchers parse the volatility source the stack sets (the position manager may too).
    if (deployment.service === "telemetry" || deployment.service === "dispatcher") {
      expect(loaded.OPS_VOLATILITY_SOURCE).toEqual({ kind: "realized", symbol: "SPY" });
    }
  });

  it("covers every service folder", async () => {
    const { readdirSync, existsSync } = await import("node:fs");
    const folders = readdirSync(new URL("../../services/", import.meta.url)).filter((name) => existsSync(new URL(`../../services/${name}/src/main.ts`, import.meta.url)));
    expect([...LOOP_SERVICES].sort()).toEqual(folders.sort());
  });
});

describe("Alpaca secret references", () => {
  it("use the variable names the broker package reads, per account", () => {
    for (const account of ACCOUNT_IDS) expect(alpacaSecretEnvNames(account)).toEqual(alpacaSecretNames(account));
  });

  it("resolve to the right field of the account's one JSON secret through the services' secret reader", async () => {
    const deployment = serviceDeployments(config).find((d) => d.ecsServiceName === "dispatcher-tiny-service") as ServiceDeployment;
    const requested: string[] = [];
    const secrets = createSecretSource({
      env: taskEnvironment(deployment),
      client: {
        async send(command: Parameters<SecretsClient["send"]>[0]) {
          requested.push(String(command.input.SecretId));
          return { SecretString: JSON.stringify({ keyId: "PKTESTKEYID", secretKey: "test-secret-key-value" }) };
        },
      },
    });
    const names = alpacaSecretNames("tiny-1k");
    expect(await secrets.get(names.keyId)).toBe("PKTESTKEYID");
    expect(await secrets.get(names.secretKey)).toBe("test-secret-key-value");
    expect(new Set(requested)).toEqual(new Set([secretArn("tiny-1k")]));
  });

  it("name the same accounts as @ops/trading", () => {
    expect([...ACCOUNT_IDS]).toEqual([...TRADING_ACCOUNT_IDS]);
  });
});

describe("the names `pnpm status --aws` looks for on AWS", () => {
  it("are the cluster, log groups, status task definition, container and command the stack creates", () => {
    expect(AWS_DEFAULTS.cluster).toBe(CLUSTER_NAME);
    expect(AWS_DEFAULTS.taskDefinition).toBe(OPS_TASK_FAMILY);
    expect(AWS_DEFAULTS.container).toBe(OPS_TASK_CONTAINER_NAME);
    expect([...AWS_DEFAULTS.statusCommand]).toEqual([...OPS_TASK_COMMAND]);
    expect(OPS_TASK_LOG_GROUP_NAME.startsWith(AWS_DEFAULTS.logGroupPrefix)).toBe(true);
    for (const deployment of serviceDeployments(config)) {
      expect(logGroupFor(deployment.ecsServiceName)).toBe(logGroupName(deployment.service, deployment.account));
    }
  });

  it("give the status task a database URL and the services' volatility source through what status reads", () => {
    const plain = opsTaskEnvironment(databaseEnvironment({ host: "ops-pipeline-db.abc.us-east-1.rds.amazonaws.com", port: "5432", name: "ops" }), "0123456789ab");
    // The command loads the image's preload, which composes DATABASE_URL from these parts (tests/image runs it).
    expect(OPS_TASK_COMMAND.join(" ")).toContain("--import ./runtime/set-database-url.mjs");
    expect(plain.NODE_OPTIONS).toBeUndefined();
    expect(composeDatabaseUrl({ ...plain, OPS_DB_USER: "ops_admin", OPS_DB_PASSWORD: "generated-password" })).toMatch(
      /^postgresql:\/\/ops_admin:generated-password@ops-pipeline-db\.abc\.us-east-1\.rds\.amazonaws\.com:5432\/ops\?/,
    );
    const dispatcher = serviceDeployments(config).find((d) => d.service === "dispatcher") as ServiceDeployment;
    expect(loadVolatilityConfig(plain)).toEqual(loadVolatilityConfig(taskEnvironment(dispatcher)));
    expect(loadVolatilityConfig(plain).source).toEqual({ kind: "realized", symbol: "SPY" });
  });
});
