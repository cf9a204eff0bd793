export type {
  AssetStatus,
  Broker,
  BrokerAccount,
  BrokerAsset,
  BrokerOrder,
  BrokerPosition,
  BarTimeframe,
  CancelOutcome,
  ClosePositionOptions,
  Fill,
  MarketClock,
  OptionChainFilters,
  OptionContract,
  OptionContractsRequest,
  OptionGreeks,
  OptionQuote,
  OptionSnapshot,
  OrderType,
  PositionIntent,
  MalformedBar,
  StockBarSource,
  StockBarsFetchStats,
  StockBarsRequest,
  StockBarsResult,
  StockFeed,
  SubmitOrderRequest,
  SubmitOutcome,
  TimeInForce,
} from "./broker.js";
export { ASSET_STATUSES, BAR_TIMEFRAMES, ORDER_TYPES, POSITION_INTENTS, STOCK_FEEDS, TIME_IN_FORCE } from "./broker.js";
export { AlpacaBroker, createAlpacaBroker } from "./alpaca-broker.js";
export { ALPACA_DATA_REQUESTS_PER_MINUTE, AlpacaClient, DEFAULT_MAX_URL_CHARS, DEFAULT_TIMEOUT_MS, createAlpacaClient } from "./alpaca-client.js";
export type { AlpacaClientConfig, MarketDataOptions, ResolvedMarketData } from "./alpaca-client.js";
export { REAL_TIMING } from "./request-timing.js";
export type { RequestTiming } from "./request-timing.js";
export { TokenBucket, sharedTokenBucket } from "./token-bucket.js";
export type { TokenBucketLimit } from "./token-bucket.js";
export { readRateLimitHeaders } from "./rate-limit-headers.js";
export type { RateLimitHeaders } from "./rate-limit-headers.js";
export { jitteredBackoffMs } from "./jittered-backoff.js";
export { chunkSymbolsForUrl } from "./symbol-chunks.js";
export { parseBarsPageLenient } from "./lenient-stock-bars.js";
export type { ParsedBarsPage } from "./lenient-stock-bars.js";
export { fetchStockBarsChunked } from "./stock-bars-fetcher.js";
export type { BarsFetchPolicy, BarsPageAnswer, BarsPageQuery, FetchBarsPage } from "./stock-bars-fetcher.js";
export { BROKER_ENV, loadBrokerConfig } from "./config.js";
export type { BrokerEndpointsConfig, BrokerEnv } from "./config.js";
export {
  LIVE_TRADING_URL,
  MARKET_DATA_URL,
  PAPER_TRADING_URL,
  assertDataHostAllowed,
  assertTradingHostAllowed,
  isLoopbackHost,
} from "./paper-guard.js";
export type { TradingHostOptions } from "./paper-guard.js";
export { CLIENT_ORDER_ID_MAX_LENGTH, deterministicClientOrderId } from "./client-order-id.js";
export type { ClientOrderIdInput } from "./client-order-id.js";
export { AuthError, BrokerConfigError, BrokerContractError, BrokerError, BrokerRejectedError, BrokerTransientError } from "./errors.js";
export { FakeBroker } from "./fake-broker.js";
export type { FakeBrokerOptions, FakeFillMode, ScriptedSubmit } from "./fake-broker.js";
export { optionInstrument } from "./occ-symbol.js";
export type { OptionInstrument } from "./occ-symbol.js";
export {
  parseAccount,
  parseAsset,
  parseCalendarDay,
  parseClock,
  parseFill,
  parseOptionContract,
  parseOptionQuote,
  parseOptionSnapshot,
  parseOrder,
  parsePosition,
  parseStockBars,
  toOrderStatus,
} from "./parse.js";
export { validateOrderRequest } from "./validate-order.js";
export { BrokerClock } from "./broker-clock.js";
export type { BrokerClockOptions } from "./broker-clock.js";
export { CLOCK_SOURCES, alpacaSecretNames, brokerFromEnv, clockFromEnv } from "./from-env.js";
export type { AlpacaSecretNames, ClockSource } from "./from-env.js";
