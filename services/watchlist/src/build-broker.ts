import { createAlpacaBroker, loadBrokerConfig } from "@ops/broker-alpaca";
import type { AlpacaBroker } from "@ops/broker-alpaca";
import type { EnvSource, SecretSource } from "@ops/core";
import type { AccountId } from "@ops/trading";

/** Secret names of one account's Alpaca key pair, e.g. ALPACA_KEY_ID_LARGE_100K (+ _SECRET_ARN in AWS). */
export function alpacaSecretNames(account: AccountId): { keyId: string; secretKey: string } {
  const suffix = account.toUpperCase().replace(/[^A-Z0-9]/g, "_");
  return { keyId: `ALPACA_KEY_ID_${suffix}`, secretKey: `ALPACA_SECRET_KEY_${suffix}` };
}

/** The broker for exactly this account's keys; a missing key is a startup error, never a fallback. */
export async function buildBroker(account: AccountId, env: EnvSource, secrets: SecretSource): Promise<AlpacaBroker> {
  const endpoints = loadBrokerConfig(env);
  const names = alpacaSecretNames(account);
  const [keyId, secretKey] = await Promise.all([secrets.get(names.keyId), secrets.get(names.secretKey)]);
  return createAlpacaBroker({
    account,
    keyId,
    secretKey,
    tradingUrl: endpoints.tradingUrl,
    dataUrl: endpoints.dataUrl,
    allowLive: endpoints.allowLive,
  });
}
