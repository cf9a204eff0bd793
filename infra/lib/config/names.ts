// Names the ops team already uses (spec §1, §4 item 2: a wrong cluster name froze everything for six hours).
import type { AccountId, LoopServiceName } from "./service-catalog.js";

export const CLUSTER_NAME = "ops-pipeline-cluster";
export const LOG_GROUP_PREFIX = "/ecs/ops-pipeline";
export const MIGRATE_LOG_GROUP_NAME = `${LOG_GROUP_PREFIX}/migrate-task`;

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
