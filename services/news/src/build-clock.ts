import { BrokerClock, createAlpacaBroker, loadBrokerConfig } from "@ops/broker-alpaca";
import { WallClock, createSecretSource } from "@ops/core";
import type { Clock, EnvSource } from "@ops/core";
import type { AccountId } from "@ops/trading";

/**
 * Wall time in production; with OPS_CLOCK=sim the simulator's market time (its GET /v2/clock), read
 * with `account`'s keys (ALPACA_KEY_ID_<ACCOUNT> / ALPACA_SECRET_KEY_<ACCOUNT>, or their _SECRET_ARN).
 * This service never places orders: the broker is used for the clock only.
 */
export async function buildClock(source: "wall" | "sim", account: AccountId, env: EnvSource): Promise<Clock> {
  if (source === "wall") return new WallClock();
  const secrets = createSecretSource({ env });
  const suffix = account.toUpperCase().replace(/[^A-Z0-9]/g, "_");
  const [keyId, secretKey] = await Promise.all([secrets.get(`ALPACA_KEY_ID_${suffix}`), secrets.get(`ALPACA_SECRET_KEY_${suffix}`)]);
  const endpoints = loadBrokerConfig(env);
  const broker = createAlpacaBroker({
    account,
    keyId,
    secretKey,
    tradingUrl: endpoints.tradingUrl,
    dataUrl: endpoints.dataUrl,
    allowLive: endpoints.allowLive,
  });
  return BrokerClock.create(broker);
}
