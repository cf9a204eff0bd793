import { BrokerConfigError } from "./errors.js";

/** Alpaca's paper-trading REST origin: the only remote trading host allowed by default. */
export const PAPER_TRADING_URL = "https://paper-api.alpaca.markets";
/** Alpaca's live-money REST origin. Reaching it requires OPS_ALLOW_LIVE_TRADING=true, which nothing in the repo sets. */
export const LIVE_TRADING_URL = "https://api.alpaca.markets";
/** Alpaca's market-data REST origin (the same host serves paper and live accounts). */
export const MARKET_DATA_URL = "https://data.alpaca.markets";
export const MARKET_DATA_SANDBOX_URL = "https://data.sandbox.alpaca.markets";

const PAPER_HOST = new URL(PAPER_TRADING_URL).hostname;
const LIVE_HOST = new URL(LIVE_TRADING_URL).hostname;
const DATA_HOSTS = new Set([new URL(MARKET_DATA_URL).hostname, new URL(MARKET_DATA_SANDBOX_URL).hostname]);

/** Loopback hosts are the local simulator: 127.0.0.0/8, localhost and ::1. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, "");
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  if (host === "::1" || host === "0:0:0:0:0:0:0:1") return true;
  const v4 = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (v4) return v4.slice(1).every((part) => Number(part) <= 255);
  // IPv4-mapped IPv6 loopback, e.g. ::ffff:127.0.0.1 (WHATWG URL normalises it to ::ffff:7f00:1).
  const mapped = /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.exec(host);
  return mapped !== null;
}

function parseUrl(raw: string, setting: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new BrokerConfigError(`${setting} is not a valid URL: ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new BrokerConfigError(`${setting} must be an http(s) URL, got ${url.protocol}`);
  }
  if (url.username || url.password) {
    // Credentials in a URL end up in logs; keys travel only in headers.
    throw new BrokerConfigError(`${setting} must not embed credentials`);
  }
  return url;
}

export interface TradingHostOptions {
  /** Mirrors OPS_ALLOW_LIVE_TRADING. Defaults to false. */
  readonly allowLive?: boolean;
}

/**
 * Refuses any trading base URL other than Alpaca paper or a loopback simulator. The live host passes only
 * with `allowLive: true`; any other host never passes (the keys would travel there). Called at client
 * construction so a misconfigured service never starts.
 */
export function assertTradingHostAllowed(url: string | URL, options: TradingHostOptions = {}): URL {
  const parsed = parseUrl(String(url), "OPS_ALPACA_TRADING_URL");
  const host = parsed.hostname.toLowerCase();
  if (isLoopbackHost(host)) return parsed;
  if (parsed.protocol !== "https:") {
    throw new BrokerConfigError(`OPS_ALPACA_TRADING_URL must use https for a remote host, got ${parsed.origin}`);
  }
  if (host === PAPER_HOST) return parsed;
  if (host === LIVE_HOST) {
    if (options.allowLive === true) return parsed;
    throw new BrokerConfigError(
      `OPS_ALPACA_TRADING_URL=${parsed.origin} is Alpaca LIVE trading; refused because OPS_ALLOW_LIVE_TRADING is not true ` +
        `(this repo is paper-only and never sets it)`,
    );
  }
  throw new BrokerConfigError(
    `OPS_ALPACA_TRADING_URL=${parsed.origin} is not the Alpaca paper host (${PAPER_TRADING_URL}) or a loopback ` +
      `simulator; refusing to trade there`,
  );
}

/**
 * Market data carries no money risk, but every request carries the account's keys: only Alpaca's data hosts
 * and loopback are allowed so a typo cannot send secrets elsewhere.
 */
export function assertDataHostAllowed(url: string | URL): URL {
  const parsed = parseUrl(String(url), "OPS_ALPACA_DATA_URL");
  const host = parsed.hostname.toLowerCase();
  if (isLoopbackHost(host)) return parsed;
  if (parsed.protocol === "https:" && DATA_HOSTS.has(host)) return parsed;
  throw new BrokerConfigError(
    `OPS_ALPACA_DATA_URL=${parsed.origin} is not an Alpaca market-data host (${MARKET_DATA_URL}) or a loopback simulator`,
  );
}
