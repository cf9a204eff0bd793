// Deploy-time settings, from CDK context (`-c key=value` or cdk.json "context"). Validated before any resource is
// created; every problem is reported at once. Defaults are a production paper stack.
import { ACCOUNT_IDS, LOOP_SERVICES, LOOP_SERVICE_SPECS } from "./service-catalog.js";
import type { AccountId } from "./service-catalog.js";
import { ecsServiceName } from "./names.js";

export const STAGES = ["prod", "dev"] as const;
/** prod keeps data (deletion protection, snapshot on delete, retained logs); dev is a throwaway stack. */
export type Stage = (typeof STAGES)[number];

export const ALPACA_SECRET_MODES = ["import", "create"] as const;
/** import: secrets the ops team created by name beforehand (the normal path); create: empty placeholders (dev). */
export type AlpacaSecretMode = (typeof ALPACA_SECRET_MODES)[number];

/** CloudWatch Logs accepts only these retention periods. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

export interface ServiceSize {
  readonly cpu: number;
  readonly memoryMiB: number;
  readonly desiredCount: number;
}

export interface OpsConfig {
  /** AWS account; undefined = environment-agnostic synth (offline). */
  readonly account: string | undefined;
  readonly region: string;
  readonly stage: Stage;
  /**
   * Set: run prebuilt images `<ecrRepositoryPrefix><service>:<imageTag>`, and `<ecrRepositoryPrefix>ops:<imageTag>` for
   * the status task. Unset: CDK builds docker/Dockerfile.
   */
  readonly imageTag: string | undefined;
  readonly ecrRepositoryPrefix: string;
  /** BUILD_ID every process logs at start; default: the image tag, else the image asset's content hash. */
  readonly buildId: string | undefined;
  readonly alertEmail: string | undefined;
  readonly natGateways: number;
  readonly dbInstanceType: string;
  readonly dbAllocatedStorageGiB: number;
  readonly dbMaxAllocatedStorageGiB: number;
  readonly dbBackupRetentionDays: number;
  readonly dbMultiAz: boolean;
  readonly logRetentionDays: (typeof LOG_RETENTION_DAYS)[number];
  readonly alpacaSecretMode: AlpacaSecretMode;
  /** Secret name = prefix + account id, e.g. ops-pipeline/alpaca/large-100k. */
  readonly alpacaSecretPrefix: string;
  /** Whose keys read market data (telemetry). */
  readonly dataAccount: AccountId;
  /** OPS_UNIVERSE_SYMBOLS of the AI watchlist in no-AI mode. */
  readonly universeSymbols: readonly string[];
  /** OPS_BEDROCK_MODEL_ID; the AI watchlist may invoke exactly this model and nothing else. */
  readonly bedrockModelId: string | undefined;
  /** OPS_NEWS_FEEDS (empty: the feeds already enabled in news_feeds). */
  readonly newsFeeds: readonly string[];
  /** Order rejects per account in 15 minutes that raise the alarm. */
  readonly orderRejectAlarmThreshold: number;
  /** Per ECS service name (telemetry-service, dispatcher-tiny-service, ...). */
  readonly services: Readonly<Record<string, ServiceSize>>;
}

export class InfraConfigError extends Error {
  override readonly name = "InfraConfigError";
  constructor(readonly issues: readonly string[]) {
    super(`invalid infra configuration:\n${issues.map((issue) => `- ${issue}`).join("\n")}`);
  }
}

/** What bin/app.ts and the tests read context through. */
export type ContextReader = (key: string) => unknown;

export interface ConfigEnvironment {
  /** CDK_DEFAULT_ACCOUNT / CDK_DEFAULT_REGION, as the CLI sets them. */
  readonly defaultAccount?: string | undefined;
  readonly defaultRegion?: string | undefined;
}

const DEFAULT_UNIVERSE = ["SPY", "QQQ", "AAPL", "MSFT", "NVDA", "AMZN", "META", "GOOGL", "AMD", "TSLA"];
const SYMBOL = /^[A-Z][A-Z0-9.]{0,9}$/;
const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;
const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const FARGATE_CPU_MEMORY: Readonly<Record<number, readonly [number, number]>> = {
  256: [512, 2048],
  512: [1024, 4096],
  1024: [2048, 8192],
  2048: [4096, 16384],
  4096: [8192, 30720],
};

export function readOpsConfig(context: ContextReader, environment: ConfigEnvironment = {}): OpsConfig {
  const issues: string[] = [];
  const text = (key: string): string | undefined => {
    const value = context(key);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
      issues.push(`${key}: expected a string, got ${typeof value}`);
      return undefined;
    }
    const trimmed = String(value).trim();
    return trimmed === "" ? undefined : trimmed;
  };
  const integer = (key: string, fallback: number, min: number, max: number): number => {
    const raw = text(key);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      issues.push(`${key}: expected an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
      return fallback;
    }
    return value;
  };
  const flag = (key: string, fallback: boolean): boolean => {
    const raw = text(key)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (raw === "true") return true;
    if (raw === "false") return false;
    issues.push(`${key}: expected true or false, got ${JSON.stringify(raw)}`);
    return fallback;
  };
  const oneOf = <T extends string>(key: string, allowed: readonly T[], fallback: T): T => {
    const raw = text(key);
    if (raw === undefined) return fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    issues.push(`${key}: expected one of ${allowed.join(", ")}, got ${JSON.stringify(raw)}`);
    return fallback;
  };
  const list = (key: string): string[] | undefined => {
    const value = context(key);
    if (Array.isArray(value)) return value.map((item) => String(item).trim()).filter((item) => item !== "");
    const raw = text(key);
    return raw === undefined ? undefined : raw.split(",").map((item) => item.trim()).filter((item) => item !== "");
  };
  const matching = (key: string, pattern: RegExp, what: string): string | undefined => {
    const raw = text(key);
    if (raw !== undefined && !pattern.test(raw)) issues.push(`${key}: not ${what}: ${JSON.stringify(raw)}`);
    return raw;
  };

  const account = matching("account", ACCOUNT, "a 12-digit AWS account id") ?? nonEmpty(environment.defaultAccount);
  const region = matching("region", REGION, "an AWS region") ?? nonEmpty(environment.defaultRegion) ?? "us-east-1";
  const stage = oneOf("stage", STAGES, "prod");
  const imageTag = matching("imageTag", IMAGE_TAG, "a Docker image tag");
  const buildId = text("buildId");
  const alertEmail = matching("alertEmail", EMAIL, "an e-mail address");
  const dbInstanceType = matching("dbInstanceType", INSTANCE_TYPE, "an instance type like t4g.small") ?? "t4g.small";
  const dbAllocatedStorageGiB = integer("dbAllocatedStorageGiB", 20, 20, 16_384);
  const dbMaxAllocatedStorageGiB = integer("dbMaxAllocatedStorageGiB", 100, 20, 65_536);
  if (dbMaxAllocatedStorageGiB < dbAllocatedStorageGiB) {
    issues.push(`dbMaxAllocatedStorageGiB (${dbMaxAllocatedStorageGiB}) is below dbAllocatedStorageGiB (${dbAllocatedStorageGiB})`);
  }
  const retention = integer("logRetentionDays", 90, 1, 3653);
  if (!(LOG_RETENTION_DAYS as readonly number[]).includes(retention)) {
    issues.push(`logRetentionDays: CloudWatch Logs accepts ${LOG_RETENTION_DAYS.join(", ")}; got ${retention}`);
  }

  const universeSymbols = (list("universeSymbols") ?? DEFAULT_UNIVERSE).map((symbol) => symbol.toUpperCase());
  const badSymbols = universeSymbols.filter((symbol) => !SYMBOL.test(symbol));
  if (badSymbols.length > 0) issues.push(`universeSymbols: not ticker symbols: ${badSymbols.join(", ")}`);
  const bedrockModelId = matching("bedrockModelId", /^[A-Za-z0-9][A-Za-z0-9.:_-]{2,200}$/, "a Bedrock model id");
  if (universeSymbols.length === 0 && bedrockModelId === undefined) {
    issues.push("universeSymbols: required (the AI watchlist needs a universe when no bedrockModelId is set)");
  }
  const newsFeeds = list("newsFeeds") ?? [];
  for (const feed of newsFeeds) {
    if (!/^https?:\/\/[^\s]+$/.test(feed)) issues.push(`newsFeeds: not an http(s) URL: ${JSON.stringify(feed)}`);
  }

  const desiredCount = integer("desiredCount", 1, 0, 1);
  const services = readServiceSizes(context("services"), desiredCount, issues);

  const config: OpsConfig = {
    account,
    region,
    stage,
    imageTag,
    ecrRepositoryPrefix: text("ecrRepositoryPrefix") ?? "ops-pipeline/",
    buildId: buildId ?? imageTag,
    alertEmail,
    natGateways: integer("natGateways", 1, 1, 2),
    dbInstanceType,
    dbAllocatedStorageGiB,
    dbMaxAllocatedStorageGiB,
    dbBackupRetentionDays: integer("dbBackupRetentionDays", stage === "prod" ? 14 : 1, 1, 35),
    dbMultiAz: flag("dbMultiAz", false),
    logRetentionDays: retention as OpsConfig["logRetentionDays"],
    alpacaSecretMode: oneOf("alpacaSecrets", ALPACA_SECRET_MODES, "import"),
    alpacaSecretPrefix: matching("alpacaSecretPrefix", /^[A-Za-z0-9/_+=.@-]+$/, "a secret name prefix") ?? "ops-pipeline/alpaca/",
    dataAccount: oneOf("dataAccount", ACCOUNT_IDS, "large-100k"),
    universeSymbols,
    bedrockModelId,
    newsFeeds,
    orderRejectAlarmThreshold: integer("orderRejectAlarmThreshold", 3, 1, 1000),
    services,
  };
  if (issues.length > 0) throw new InfraConfigError(issues);
  return config;
}

/** Every ECS service name the stack runs, with its spec's size and the global desired count. */
function defaultServiceSizes(desiredCount: number): Record<string, ServiceSize> {
  const sizes: Record<string, ServiceSize> = {};
  for (const service of LOOP_SERVICES) {
    const spec = LOOP_SERVICE_SPECS[service];
    const accounts = spec.perAccount ? ACCOUNT_IDS : [undefined];
    for (const account of accounts) {
      sizes[ecsServiceName(service, account)] = { cpu: spec.cpu, memoryMiB: spec.memoryMiB, desiredCount };
    }
  }
  return sizes;
}

/** `services` context: {"telemetry-service": {"cpu": 512, "memoryMiB": 1024, "desiredCount": 0}}, object or JSON text. */
function readServiceSizes(raw: unknown, desiredCount: number, issues: string[]): Record<string, ServiceSize> {
  const sizes = defaultServiceSizes(desiredCount);
  if (raw === undefined || raw === null || raw === "") return sizes;
  let value: unknown = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw);
    } catch {
      issues.push("services: not valid JSON");
      return sizes;
    }
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    issues.push("services: expected an object keyed by ECS service name");
    return sizes;
  }
  for (const [name, override] of Object.entries(value as Record<string, unknown>)) {
    const current = sizes[name];
    if (current === undefined) {
      issues.push(`services.${name}: no such service (known: ${Object.keys(sizes).join(", ")})`);
      continue;
    }
    if (typeof override !== "object" || override === null) {
      issues.push(`services.${name}: expected an object with cpu, memoryMiB and/or desiredCount`);
      continue;
    }
    const fields = override as Record<string, unknown>;
    const unknownKeys = Object.keys(fields).filter((key) => !["cpu", "memoryMiB", "desiredCount"].includes(key));
    if (unknownKeys.length > 0) issues.push(`services.${name}: unknown setting(s) ${unknownKeys.join(", ")}`);
    const next: ServiceSize = {
      cpu: fields.cpu === undefined ? current.cpu : Number(fields.cpu),
      memoryMiB: fields.memoryMiB === undefined ? current.memoryMiB : Number(fields.memoryMiB),
      desiredCount: fields.desiredCount === undefined ? current.desiredCount : Number(fields.desiredCount),
    };
    const range = FARGATE_CPU_MEMORY[next.cpu];
    if (range === undefined) {
      issues.push(`services.${name}.cpu: Fargate accepts ${Object.keys(FARGATE_CPU_MEMORY).join(", ")}; got ${String(fields.cpu)}`);
    } else if (!Number.isInteger(next.memoryMiB) || next.memoryMiB < range[0] || next.memoryMiB > range[1] || (next.memoryMiB % 1024 !== 0 && next.memoryMiB !== 512)) {
      issues.push(`services.${name}.memoryMiB: with cpu ${next.cpu} Fargate accepts ${range[0]}–${range[1]} MiB in 1 GiB steps; got ${String(fields.memoryMiB)}`);
    }
    // Singletons: two copies of a loop would wait on each other's lease at best (seed failure 3).
    if (next.desiredCount !== 0 && next.desiredCount !== 1) {
      issues.push(`services.${name}.desiredCount: 0 or 1 (every service is a singleton); got ${String(fields.desiredCount)}`);
    }
    sizes[name] = next;
  }
  return sizes;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
