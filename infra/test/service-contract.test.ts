// The environment the stack gives each container is the one the services read: every service's own config schema
// accepts it, the secret references have the names and the `arn#field` form the secret reader expects, and the
// closed sets infra repeats (it does not depend on the packages) match theirs.
import { describe, expect, it } from "vitest";
import { alpacaSecretNames } from "../../packages/broker-alpaca/src/index.js";
import { createSecretSource, loadConfig } from "../../packages/core/src/index.js";
import type { EnvSource, SecretsClient } from "../../packages/core/src/index.js";
import { ACCOUNT_IDS as TRADING_ACCOUNT_IDS } from "../../packages/trading/src/index.js";
import { composeDatabaseUrl } from "../../docker/runtime/database-url.mjs";
import { containerEnvironment } from "../lib/config/container-environment.js";
import { alpacaSecretEnvNames } from "../lib/config/names.js";
import { readOpsConfig } from "../lib/config/ops-config.js";
import { ACCOUNT_IDS, LOOP_SERVICES } from "../lib/config/service-catalog.js";
import { serviceDeployments } from "../lib/config/service-deployments.js";
import type { ServiceDeployment } from "../lib/config/service-deployments.js";
import { databaseEnvironment } from "../lib/constructs/database-access.js";

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
