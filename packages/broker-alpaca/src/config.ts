// Broker endpoints from the environment. Defaults are the safe ones (paper host, live trading off); every
// problem is reported at once and the load fails, never falling back to a default (seed failure 11).
import type { ConfigIssue } from "@ops/core";
import { BrokerConfigError } from "./errors.js";
import { MARKET_DATA_URL, PAPER_TRADING_URL, assertDataHostAllowed, assertTradingHostAllowed } from "./paper-guard.js";

export const BROKER_ENV = {
  tradingUrl: "OPS_ALPACA_TRADING_URL",
  dataUrl: "OPS_ALPACA_DATA_URL",
  allowLive: "OPS_ALLOW_LIVE_TRADING",
} as const;

export interface BrokerEndpointsConfig {
  /** Trading REST base URL. Default https://paper-api.alpaca.markets; loopback = local simulator. */
  readonly tradingUrl: string;
  /** Market-data REST base URL. Default https://data.alpaca.markets. */
  readonly dataUrl: string;
  /** OPS_ALLOW_LIVE_TRADING; false unless exactly "true" or "1". Nothing in the repo sets it. */
  readonly allowLive: boolean;
}

export type BrokerEnv = Readonly<Record<string, string | undefined>>;

const TRUE_VALUES = new Set(["true", "1"]);
const FALSE_VALUES = new Set(["false", "0", ""]);

export function loadBrokerConfig(env: BrokerEnv): BrokerEndpointsConfig {
  const issues: ConfigIssue[] = [];
  const rawLive = (env[BROKER_ENV.allowLive] ?? "").trim().toLowerCase();
  let allowLive = false;
  if (TRUE_VALUES.has(rawLive)) allowLive = true;
  else if (!FALSE_VALUES.has(rawLive)) {
    issues.push({ variable: BROKER_ENV.allowLive, message: `${BROKER_ENV.allowLive} must be true or false, got ${JSON.stringify(rawLive)}` });
  }

  const tradingUrl = nonEmpty(env[BROKER_ENV.tradingUrl]) ?? PAPER_TRADING_URL;
  const dataUrl = nonEmpty(env[BROKER_ENV.dataUrl]) ?? MARKET_DATA_URL;
  try {
    assertTradingHostAllowed(tradingUrl, { allowLive });
  } catch (error) {
    issues.push({ variable: BROKER_ENV.tradingUrl, message: (error as Error).message });
  }
  try {
    assertDataHostAllowed(dataUrl);
  } catch (error) {
    issues.push({ variable: BROKER_ENV.dataUrl, message: (error as Error).message });
  }
  if (issues.length > 0) {
    const list = issues.map((issue) => `- ${issue.message}`).join("\n");
    throw new BrokerConfigError(`invalid broker configuration:\n${list}`, { issues });
  }
  return { tradingUrl, dataUrl, allowLive };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
