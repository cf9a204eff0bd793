// How every service process builds its broker and its clock from the environment: one place, so the secret names
// and the paper-only guard cannot drift between services.
import { WallClock, createSecretSource } from "@ops/core";
import type { Clock, EnvSource, SecretSource } from "@ops/core";
import type { AccountId } from "@ops/trading";
import { createAlpacaBroker, type AlpacaBroker } from "./alpaca-broker.js";
import type { MarketDataOptions } from "./alpaca-client.js";
import { BrokerClock } from "./broker-clock.js";
import { loadBrokerConfig } from "./config.js";

export interface AlpacaSecretNames {
  readonly keyId: string;
  readonly secretKey: string;
}

/**
 * One account's key pair, e.g. large-100k → ALPACA_KEY_ID_LARGE_100K / ALPACA_SECRET_KEY_LARGE_100K (the values
 * locally, or `<name>_SECRET_ARN` on AWS). There is no shared or default pair to fall back to (seed failure 12).
 */
export function alpacaSecretNames(account: AccountId): AlpacaSecretNames {
  const suffix = account.toUpperCase().replace(/[^A-Z0-9]/g, "_");
  return { keyId: `ALPACA_KEY_ID_${suffix}`, secretKey: `ALPACA_SECRET_KEY_${suffix}` };
}

/**
 * The broker for exactly this account's keys; a missing key is a startup ConfigError naming it, never a fallback.
 * `marketData` tunes bar downloads (telemetry passes its request budget and URL limit).
 */
export async function brokerFromEnv(
  account: AccountId,
  env: EnvSource,
  secrets: SecretSource = createSecretSource({ env }),
  marketData?: MarketDataOptions,
): Promise<AlpacaBroker> {
  const endpoints = loadBrokerConfig(env);
  const names = alpacaSecretNames(account);
  const [keyId, secretKey] = await Promise.all([secrets.get(names.keyId), secrets.get(names.secretKey)]);
  return createAlpacaBroker({
    account,
    keyId: keyId.trim(),
    secretKey: secretKey.trim(),
    tradingUrl: endpoints.tradingUrl,
    dataUrl: endpoints.dataUrl,
    allowLive: endpoints.allowLive,
    ...(marketData !== undefined ? { marketData } : {}),
  });
}

export const CLOCK_SOURCES = ["wall", "sim"] as const;
export type ClockSource = (typeof CLOCK_SOURCES)[number];

/**
 * Wall time in production; with OPS_CLOCK=sim the simulator's market time (its GET /v2/clock) read through this
 * account's broker, so a service process in a replay sees the same "now" as the simulator it talks to.
 */
export async function clockFromEnv(source: ClockSource, broker: () => Promise<Pick<AlpacaBroker, "getClock">>): Promise<Clock> {
  if (source === "wall") return new WallClock();
  return BrokerClock.create(await broker());
}
