// Alpaca keys for exactly one account. Each account has its own pair of secret names; there is no
// shared or default pair to fall back to (seed 12: the tiny dispatcher ran on the default secret).
import type { SecretSource } from "@ops/core";
import type { AccountId } from "@ops/trading";

export interface AlpacaKeyNames {
  readonly keyId: string;
  readonly secretKey: string;
}

/** e.g. large-100k → OPS_ALPACA_KEY_ID_LARGE_100K / OPS_ALPACA_SECRET_KEY_LARGE_100K (or their *_SECRET_ARN). */
export function alpacaKeyNames(account: AccountId): AlpacaKeyNames {
  const suffix = account.toUpperCase().replace(/-/g, "_");
  return { keyId: `OPS_ALPACA_KEY_ID_${suffix}`, secretKey: `OPS_ALPACA_SECRET_KEY_${suffix}` };
}

/** Reads both halves; a missing one is a ConfigError naming the variable, and the service refuses to start. */
export async function loadAlpacaKeys(secrets: SecretSource, account: AccountId): Promise<{ keyId: string; secretKey: string }> {
  const names = alpacaKeyNames(account);
  const [keyId, secretKey] = await Promise.all([secrets.get(names.keyId), secrets.get(names.secretKey)]);
  return { keyId: keyId.trim(), secretKey: secretKey.trim() };
}
