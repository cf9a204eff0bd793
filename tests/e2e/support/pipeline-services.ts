import { DEFAULT_SIM_ACCOUNTS } from "@ops/alpaca-sim";
import { ACCOUNT_IDS } from "@ops/trading";
import type { AccountId } from "@ops/trading";

export const SERVICE_NAMES = [
  "ai-watchlist", "telemetry", "news", "classifier", "features", "watchlist", "signal-engine", "dispatcher", "position-manager",
] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** Services that run one process per trading account. */
const PER_ACCOUNT: ReadonlySet<ServiceName> = new Set<ServiceName>(["dispatcher", "position-manager"]);

/** Shared services read the simulator (clock, bars) with this account's keys, as their OPS_DATA_ACCOUNT default says. */
const DATA_ACCOUNT: AccountId = "large-100k";

export interface ServiceSpec {
  readonly name: ServiceName;
  readonly account?: AccountId;
}

export type RunMode = "LOOP" | "ONCE";

export interface PipelineEnvContext {
  readonly databaseUrl: string;
  readonly simUrl: string;
  readonly mode: RunMode;
  readonly symbols: readonly string[];
  readonly newsFeeds: readonly string[];
}

/** The eleven processes of the pipeline, in the order data flows through them. */
export function pipelineServices(): ServiceSpec[] {
  return SERVICE_NAMES.flatMap((name) => (PER_ACCOUNT.has(name) ? ACCOUNT_IDS.map((account) => ({ name, account })) : [{ name }]));
}

export function serviceLabel(spec: ServiceSpec): string {
  return spec.account === undefined ? spec.name : `${spec.name}/${spec.account}`;
}

/** A fixed instance id per process, so heartbeat rows can be matched to the process that wrote them. */
export function serviceInstance(spec: ServiceSpec): string {
  return `e2e-${spec.name}${spec.account === undefined ? "" : `-${spec.account}`}`;
}

export function serviceMainPath(repoRoot: string, name: ServiceName): string {
  return `${repoRoot}/services/${name}/src/main.ts`;
}

/**
 * The whole environment of one service process. Nothing is inherited beyond what node needs to start, so a
 * developer's own OPS_* or *_SECRET_ARN variables cannot leak in; each process gets exactly one account's
 * keys (its own, or the data account's), so a service that reached for another account's keys would fail.
 */
export function serviceEnv(spec: ServiceSpec, ctx: PipelineEnvContext): Record<string, string> {
  const env: Record<string, string> = {
    ...inheritedBasics(),
    DATABASE_URL: ctx.databaseUrl,
    OPS_SERVICE: spec.name,
    OPS_INSTANCE: serviceInstance(spec),
    BUILD_ID: "e2e",
    MODE: ctx.mode,
    LOG_LEVEL: "info",
    OPS_LOOP_INTERVAL_S: "60",
    OPS_CLOCK: "sim",
    OPS_DATA_ACCOUNT: DATA_ACCOUNT,
    OPS_ALPACA_TRADING_URL: ctx.simUrl,
    OPS_ALPACA_DATA_URL: ctx.simUrl,
    OPS_ALLOW_LIVE_TRADING: "false",
    ...alpacaKeyEnv(spec.account ?? DATA_ACCOUNT),
  };
  if (spec.account !== undefined) env.OPS_ACCOUNT = spec.account;
  if (spec.name === "ai-watchlist") env.OPS_UNIVERSE_SYMBOLS = ctx.symbols.join(",");
  if (spec.name === "news") env.OPS_NEWS_FEEDS = ctx.newsFeeds.join(",");
  return env;
}

/**
 * The simulator's development keys for one account, under both spellings services read today:
 * ALPACA_KEY_ID_<ACCOUNT> (shared services, position-manager) and OPS_ALPACA_KEY_ID_<ACCOUNT> (dispatcher).
 */
export function alpacaKeyEnv(account: AccountId): Record<string, string> {
  const keys = DEFAULT_SIM_ACCOUNTS.find((a) => a.id === account);
  if (keys === undefined) throw new Error(`the simulator has no account ${account}`);
  const suffix = account.toUpperCase().replace(/[^A-Z0-9]/g, "_");
  return {
    [`ALPACA_KEY_ID_${suffix}`]: keys.keyId,
    [`ALPACA_SECRET_KEY_${suffix}`]: keys.secretKey,
    [`OPS_ALPACA_KEY_ID_${suffix}`]: keys.keyId,
    [`OPS_ALPACA_SECRET_KEY_${suffix}`]: keys.secretKey,
  };
}

function inheritedBasics(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of ["PATH", "HOME", "TMPDIR", "LANG"]) {
    const value = process.env[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}
