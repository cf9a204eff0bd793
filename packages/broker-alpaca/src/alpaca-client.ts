// Builds the v4 SDK facade for one account. Paper is forced on; the configured URLs are reached through a
// rewriting fetch; keys come from the caller (per account, from the secret store) and are held only inside
// the SDK instance, which is not enumerable, so logging the client never prints them.
import { Alpaca } from "@alpacahq/alpaca-trade-api/rest";
import type { AlpacaClientOptions } from "@alpacahq/alpaca-trade-api/rest";
import { registerSecretValue } from "@ops/core";
import { ACCOUNT_IDS } from "@ops/trading";
import type { AccountId } from "@ops/trading";
import { BrokerConfigError } from "./errors.js";
import { MARKET_DATA_URL, PAPER_TRADING_URL, assertDataHostAllowed, assertTradingHostAllowed, isLoopbackHost } from "./paper-guard.js";
import { createRewritingFetch } from "./rewrite-fetch.js";
import type { FetchLike } from "./rewrite-fetch.js";

export interface AlpacaClientConfig {
  readonly account: AccountId;
  readonly keyId: string;
  readonly secretKey: string;
  /** Defaults to https://paper-api.alpaca.markets. */
  readonly tradingUrl?: string;
  /** Defaults to https://data.alpaca.markets. */
  readonly dataUrl?: string;
  /** OPS_ALLOW_LIVE_TRADING. Defaults to false. */
  readonly allowLive?: boolean;
  /** Replaces global fetch (tests, instrumentation). Receives already-rewritten URLs. */
  readonly fetchImpl?: FetchLike;
  /** Per-attempt deadline. A POST that exceeds it is reported as unresolved. Default 15 s. */
  readonly timeoutMs?: number;
  /** GET retry policy passed to the SDK (POSTs are never retried). Default: SDK default (2 retries). */
  readonly retry?: AlpacaClientOptions["retry"];
  /** Client-side rate limit. Default: SDK default (~200/min) for Alpaca, off for a loopback simulator. */
  readonly rateLimit?: AlpacaClientOptions["rateLimit"];
}

export const DEFAULT_TIMEOUT_MS = 15_000;

export class AlpacaClient {
  readonly #sdk: Alpaca;
  readonly account: AccountId;
  readonly tradingUrl: string;
  readonly dataUrl: string;

  constructor(sdk: Alpaca, account: AccountId, tradingUrl: URL, dataUrl: URL) {
    this.#sdk = sdk;
    this.account = account;
    this.tradingUrl = tradingUrl.href;
    this.dataUrl = dataUrl.href;
  }

  /** The SDK facade. Its options hold the secret: never log or serialise it. */
  get sdk(): Alpaca {
    return this.#sdk;
  }

  toJSON(): { account: AccountId; tradingUrl: string; dataUrl: string } {
    return { account: this.account, tradingUrl: this.tradingUrl, dataUrl: this.dataUrl };
  }
}

export function createAlpacaClient(config: AlpacaClientConfig): AlpacaClient {
  if (!(ACCOUNT_IDS as readonly string[]).includes(config.account)) {
    throw new BrokerConfigError(`unknown account ${JSON.stringify(config.account)} (expected one of ${ACCOUNT_IDS.join(", ")})`);
  }
  // The SDK falls back to APCA_* environment variables for an empty key, which could be another
  // account's (seed failure 12): both halves must be given explicitly.
  if (!config.keyId?.trim() || !config.secretKey?.trim()) {
    throw new BrokerConfigError(`Alpaca keyId and secretKey are required for account ${config.account}`);
  }
  // Defence in depth: if the secret ever reaches a log line, the core logger masks it.
  registerSecretValue(config.secretKey);
  const tradingUrl = assertTradingHostAllowed(config.tradingUrl ?? PAPER_TRADING_URL, { allowLive: config.allowLive === true });
  const dataUrl = assertDataHostAllowed(config.dataUrl ?? MARKET_DATA_URL);
  const local = isLoopbackHost(tradingUrl.hostname) && isLoopbackHost(dataUrl.hostname);

  const options: AlpacaClientOptions = {
    keyId: config.keyId,
    secret: config.secretKey,
    paper: true,
    fetchApi: createRewritingFetch({ tradingUrl, dataUrl }, config.fetchImpl),
    timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    userAgent: "ops-pipeline",
  };
  if (config.retry !== undefined) options.retry = config.retry;
  if (config.rateLimit !== undefined) options.rateLimit = config.rateLimit;
  else if (local) options.rateLimit = false;
  return new AlpacaClient(new Alpaca(options), config.account, tradingUrl, dataUrl);
}
