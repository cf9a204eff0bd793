// The plain (non-secret) environment of one service's container. Secrets travel by reference only: Alpaca keys as
// `<NAME>_SECRET_ARN=<arn>#<field>` (the service reads them with the Secrets Manager client), the database password
// as an ECS secret (OPS_DB_PASSWORD, injected at task start). Nothing here is a credential.
import { ALPACA_SECRET_FIELDS, alpacaSecretEnvNames } from "./names.js";
import type { OpsConfig } from "./ops-config.js";
import type { ServiceDeployment } from "./service-deployments.js";

/** Alpaca's paper-trading origin; the client refuses any other remote trading host anyway. */
export const PAPER_TRADING_URL = "https://paper-api.alpaca.markets";

/**
 * The volatility_regime gate's source (issue 8): the realised volatility of SPY's own minute bars, on a VIX-like
 * scale (the IEX feed has no index). Telemetry fetches the symbol's bars and the trading services read them,
 * so all three must be given the same value.
 */
export const VOLATILITY_ENVIRONMENT: Readonly<Record<string, string>> = { OPS_VOLATILITY_SOURCE: "realized:SPY" };
export const VOLATILITY_SERVICES: readonly string[] = ["telemetry", "dispatcher", "position-manager"];

export interface ContainerEnvironmentInput {
  readonly deployment: ServiceDeployment;
  readonly config: OpsConfig;
  readonly buildId: string;
  /** OPS_DB_HOST, OPS_DB_PORT, OPS_DB_NAME (see constructs/database-access.ts). */
  readonly databaseEnvironment: Readonly<Record<string, string>>;
  /** ARN of the deployment's own Alpaca secret (deployment.alpacaAccount), if it has one. */
  readonly alpacaSecretArn?: string | undefined;
}

export function containerEnvironment(input: ContainerEnvironmentInput): Record<string, string> {
  const { deployment, config } = input;
  const { spec } = deployment;
  const env: Record<string, string> = {
    OPS_SERVICE: deployment.service,
    MODE: "LOOP",
    BUILD_ID: input.buildId,
    LOG_LEVEL: "info",
    OPS_LOOP_INTERVAL_S: String(spec.loopIntervalS),
    OPS_CLOCK: "wall",
    ...input.databaseEnvironment,
    // Node's heap limit inside the task's memory, leaving room for buffers and native code.
    NODE_OPTIONS: `--max-old-space-size=${Math.floor(deployment.size.memoryMiB * 0.75)}`,
  };
  if (deployment.account !== undefined) env.OPS_ACCOUNT = deployment.account;
  else env.OPS_DATA_ACCOUNT = config.dataAccount;

  if (deployment.alpacaAccount !== undefined) {
    if (input.alpacaSecretArn === undefined) throw new Error(`${deployment.ecsServiceName} needs the ${deployment.alpacaAccount} Alpaca secret`);
    const names = alpacaSecretEnvNames(deployment.alpacaAccount);
    env[`${names.keyId}_SECRET_ARN`] = `${input.alpacaSecretArn}#${ALPACA_SECRET_FIELDS.keyId}`;
    env[`${names.secretKey}_SECRET_ARN`] = `${input.alpacaSecretArn}#${ALPACA_SECRET_FIELDS.secretKey}`;
    env.OPS_ALPACA_TRADING_URL = PAPER_TRADING_URL;
    env.OPS_ALLOW_LIVE_TRADING = "false";
  }

  if (deployment.service === "ai-watchlist") {
    if (config.bedrockModelId !== undefined) env.OPS_BEDROCK_MODEL_ID = config.bedrockModelId;
    if (config.universeSymbols.length > 0) env.OPS_UNIVERSE_SYMBOLS = config.universeSymbols.join(",");
  }
  if (VOLATILITY_SERVICES.includes(deployment.service)) Object.assign(env, VOLATILITY_ENVIRONMENT);
  if (deployment.service === "news" && config.newsFeeds.length > 0) env.OPS_NEWS_FEEDS = config.newsFeeds.join(",");
  return env;
}
