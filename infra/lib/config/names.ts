// Names the ops team already uses (spec §1, §4 item 2: a wrong cluster name froze everything for six hours).
import type { AccountId, LoopServiceName } from "./service-catalog.js";

export const CLUSTER_NAME = "ops-pipeline-cluster";
export const LOG_GROUP_PREFIX = "/ecs/ops-pipeline";
export const MIGRATE_LOG_GROUP_NAME = `${LOG_GROUP_PREFIX}/migrate-task`;

/**
 * The one-off task `pnpm status --aws` runs inside the VPC (scripts/ops/aws/aws-defaults.ts holds the CLI's copy of
 * these names; infra/test/service-contract.test.ts keeps the two equal).
 */
export const OPS_TASK_FAMILY = "ops-pipeline-ops";
export const OPS_TASK_CONTAINER_NAME = "ops";
export const OPS_TASK_LOG_GROUP_NAME = `${LOG_GROUP_PREFIX}/ops`;
/**
 * The ops image's own CMD (docker/Dockerfile: `pnpm status` transpiled, with the preload that turns the OPS_DB_* parts
 * into DATABASE_URL) plus `--json`, the report the CLI reads back from the task's log stream.
 */
export const OPS_TASK_COMMAND: readonly string[] = ["node", "--enable-source-maps", "--import", "./runtime/set-database-url.mjs", "dist/main.js", "--json"];
/** The ops image: docker/Dockerfile's SERVICE build argument (docker/script-images.mjs), and its ECR repository suffix. */
export const OPS_IMAGE_NAME = "ops";

/** The large account keeps the plain name; every other account adds its tier (dispatcher-tiny-service). */
const ACCOUNT_NAME_SUFFIX: Readonly<Record<AccountId, string>> = { "large-100k": "", "tiny-1k": "-tiny" };

/** e.g. telemetry-service, dispatcher-service (large-100k), position-manager-tiny-service (tiny-1k). */
export function ecsServiceName(service: LoopServiceName, account?: AccountId): string {
  return `${service}${account === undefined ? "" : ACCOUNT_NAME_SUFFIX[account]}-service`;
}

export function logGroupName(service: LoopServiceName, account?: AccountId): string {
  return `${LOG_GROUP_PREFIX}/${ecsServiceName(service, account)}`;
}

/** One env var name per half of an account's key pair, as @ops/broker-alpaca's alpacaSecretNames builds them. */
export function alpacaSecretEnvNames(account: AccountId): { keyId: string; secretKey: string } {
  const suffix = account.toUpperCase().replace(/[^A-Z0-9]/g, "_");
  return { keyId: `ALPACA_KEY_ID_${suffix}`, secretKey: `ALPACA_SECRET_KEY_${suffix}` };
}

/** Fields of the JSON each account's Alpaca secret holds. */
export const ALPACA_SECRET_FIELDS = { keyId: "keyId", secretKey: "secretKey" } as const;
