// The SDK facade has no base-URL option: it always builds https://paper-api.alpaca.markets/... and
// https://data.alpaca.markets/... URLs. This fetch maps those two origins onto the configured base URLs
// (the paper host itself, or a loopback simulator) and refuses every other origin, including the live
// host, before anything leaves the process.
import { BrokerConfigError } from "./errors.js";
import { MARKET_DATA_URL, PAPER_TRADING_URL } from "./paper-guard.js";

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface RewriteTargets {
  readonly tradingUrl: URL;
  readonly dataUrl: URL;
}

const SDK_TRADING_ORIGIN = new URL(PAPER_TRADING_URL).origin;
const SDK_DATA_ORIGIN = new URL(MARKET_DATA_URL).origin;

function join(base: URL, path: string): string {
  const prefix = base.pathname.replace(/\/+$/, "");
  return `${base.origin}${prefix}${path}`;
}

export function rewriteAlpacaUrl(url: string, targets: RewriteTargets): string {
  const parsed = new URL(url);
  const pathAndQuery = `${parsed.pathname}${parsed.search}`;
  if (parsed.origin === SDK_TRADING_ORIGIN) return join(targets.tradingUrl, pathAndQuery);
  if (parsed.origin === SDK_DATA_ORIGIN) return join(targets.dataUrl, pathAndQuery);
  throw new BrokerConfigError(`refusing request to ${parsed.origin}: only the configured paper/data hosts are reachable`);
}

export function createRewritingFetch(targets: RewriteTargets, fetchImpl: FetchLike = globalThis.fetch): FetchLike {
  return (url, init) => {
    let target: string;
    try {
      target = rewriteAlpacaUrl(url, targets);
    } catch (error) {
      return Promise.reject(error);
    }
    return fetchImpl(target, init);
  };
}
