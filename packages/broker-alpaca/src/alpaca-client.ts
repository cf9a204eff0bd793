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
import { REAL_TIMING } from "./request-timing.js";
import type { RequestTiming } from "./request-timing.js";
import { createRewritingFetch } from "./rewrite-fetch.js";
import type { FetchLike } from "./rewrite-fetch.js";
import { sharedTokenBucket } from "./token-bucket.js";
import type { TokenBucket } from "./token-bucket.js";

/** How bar downloads pace and retry themselves (see stock-bars-fetcher.ts). Every field is optional. */
export interface MarketDataOptions {
  /**
   * Requests per minute of this key's shared bucket; false = no local budget (the server's 429s are
   * still honoured). Default 200 (Alpaca's free plan) for Alpaca's host, false for a loopback simulator.
   */
  readonly requestsPerMinute?: number | false;
  /** Tries per page on 5xx / 408 / network errors. Default 4, or 1 when `retry: false`. */
  readonly maxAttempts?: number;
  /** First back-off step (doubled per retry, jittered). Default 250 ms. */
  readonly baseDelayMs?: number;
  /** Longest single back-off. Default 10 s. */
  readonly maxDelayMs?: number;
  /** 429 answers waited out per page before giving up. Default 20. */
  readonly maxRateLimitWaits?: number;
  /** Longest request URL; the symbol list is chunked to fit. Default 4,000 characters. */
  readonly maxUrlChars?: number;
  /** Clock and sleep for rate-limit waits (tests run them on virtual time). Default: real time. */
  readonly timing?: RequestTiming;
}

/** MarketDataOptions with every default applied, plus the key's shared bucket. */
export interface ResolvedMarketData {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxRateLimitWaits: number;
  readonly maxUrlChars: number;
  readonly timing: RequestTiming;
  readonly bucket: TokenBucket;
}

export const DEFAULT_MAX_URL_CHARS = 4_000;
export const ALPACA_DATA_REQUESTS_PER_MINUTE = 200;

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
  /** Bar downloads: URL-sized chunks, shared per-key bucket, 429 and back-off policy. */
  readonly marketData?: MarketDataOptions;
}

export const DEFAULT_TIMEOUT_MS = 15_000;

export class AlpacaClient {
  readonly #sdk: Alpaca;
  readonly #barsSdk: Alpaca;
  readonly account: AccountId;
  readonly tradingUrl: string;
  readonly dataUrl: string;
  readonly marketData: ResolvedMarketData;

  /**
   * `barsSdk` (default: `sdk`) is used for bar downloads, which pace and retry themselves: it should be
   * built without the SDK's own retries and rate limiter so that waits are not doubled.
   */
  constructor(sdk: Alpaca, account: AccountId, tradingUrl: URL, dataUrl: URL, marketData?: ResolvedMarketData, barsSdk?: Alpaca) {
    this.#sdk = sdk;
    this.#barsSdk = barsSdk ?? sdk;
    this.account = account;
    this.tradingUrl = tradingUrl.href;
    this.dataUrl = dataUrl.href;
    this.marketData = marketData ?? resolveMarketData(undefined, { dataUrl, keyId: `${account}@${dataUrl.href}`, local: true, retryOff: false });
  }

  /** The SDK facade. Its options hold the secret: never log or serialise it. */
  get sdk(): Alpaca {
    return this.#sdk;
  }

  /** The SDK facade for bar downloads (no SDK retries or rate limiter). Holds the secret too. */
  get barsSdk(): Alpaca {
    return this.#barsSdk;
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
  const barsSdk = new Alpaca({ ...options, retry: false, rateLimit: false });
  const marketData = resolveMarketData(config.marketData, {
    dataUrl, keyId: config.keyId, local: isLoopbackHost(dataUrl.hostname), retryOff: config.retry === false,
  });
  return new AlpacaClient(new Alpaca(options), config.account, tradingUrl, dataUrl, marketData, barsSdk);
}

function positive(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(value > 0) || !Number.isFinite(value)) throw new BrokerConfigError(`marketData.${name} must be a positive number, got ${value}`);
  return value;
}

function resolveMarketData(
  options: MarketDataOptions | undefined,
  context: { dataUrl: URL; keyId: string; local: boolean; retryOff: boolean },
): ResolvedMarketData {
  const timing = options?.timing ?? REAL_TIMING;
  const perMinute = options?.requestsPerMinute ?? (context.local ? false : ALPACA_DATA_REQUESTS_PER_MINUTE);
  const limit = perMinute === false ? undefined : { requests: positive(perMinute, "requestsPerMinute", ALPACA_DATA_REQUESTS_PER_MINUTE), intervalMs: 60_000 };
  return {
    maxAttempts: Math.floor(positive(options?.maxAttempts, "maxAttempts", context.retryOff ? 1 : 4)),
    baseDelayMs: positive(options?.baseDelayMs, "baseDelayMs", 250),
    maxDelayMs: positive(options?.maxDelayMs, "maxDelayMs", 10_000),
    maxRateLimitWaits: Math.floor(positive(options?.maxRateLimitWaits, "maxRateLimitWaits", 20)),
    maxUrlChars: Math.floor(positive(options?.maxUrlChars, "maxUrlChars", DEFAULT_MAX_URL_CHARS)),
    timing,
    bucket: sharedTokenBucket(context.dataUrl.origin, context.keyId, limit, timing),
  };
}
