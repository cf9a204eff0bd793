// The real Alpaca v4 SDK pointed at a running simulator: every response in these tests is parsed by
// the SDK's own models. @alpacahq/alpaca-trade-api is a dependency of @ops/broker-alpaca, not of
// this package, so it is imported through that package's node_modules until alpaca-sim lists it as
// a devDependency (reported to the lead; then this becomes a bare "@alpacahq/alpaca-trade-api").
import { Alpaca } from "@alpacahq/alpaca-trade-api";

export { Alpaca, errors } from "@alpacahq/alpaca-trade-api";

export interface SdkClientOptions {
  readonly keyId: string;
  readonly secret: string;
  /** The SDK retries GETs on 429/5xx by default; tests turn that off to see each response. */
  readonly retry?: boolean;
}

/**
 * A fetch that sends every request — trading (paper-api.alpaca.markets) and market data
 * (data.alpaca.markets) alike — to the simulator's origin, so nothing can reach a real endpoint.
 */
export function simFetch(simUrl: string): (url: string, init: RequestInit) => Promise<Response> {
  const origin = new URL(simUrl);
  return (url, init) => {
    const target = new URL(url);
    target.protocol = origin.protocol;
    target.host = origin.host;
    return fetch(target, init);
  };
}

export function sdkClient(simUrl: string, options: SdkClientOptions): Alpaca {
  return new Alpaca({
    keyId: options.keyId,
    secret: options.secret,
    paper: true,
    fetchApi: simFetch(simUrl),
    rateLimit: false,
    retry: options.retry === true ? {} : false,
    timeoutMs: 5_000,
  });
}
