// Server / broker side (D1).
export { startSimulator } from "./server.js";
export { createDefaultSimulator } from "./create-default-simulator.js";
export type { DefaultSimulatorOptions, DefaultSimulator } from "./create-default-simulator.js";
export type { SimulatorOptions, RunningSimulator } from "./server.js";
export { SimClock } from "./sim-clock.js";
export type { SimClockOptions, ClockListener } from "./sim-clock.js";
export { DEFAULT_SIM_ACCOUNTS, DEFAULT_OPTIONS_LEVEL } from "./accounts.js";
export type { SimAccountConfig } from "./accounts.js";
export { NO_FAULTS } from "./faults.js";
export type { Faults } from "./faults.js";
export { Router, errorResponse, jsonResponse, HTTP_METHODS, ROUTE_AUTH_MODES } from "./http/router.js";
export type { Route, RouteHandler, RequestContext, RouteResponse, HttpMethod, RouteAuthMode } from "./http/router.js";
export type { SimBroker, AccountSnapshot, PositionView } from "./broker/sim-broker.js";
export type { SimOrder, SimFill, SimPosition, SimOrderStatus } from "./broker/order-types.js";

// Market-data side (D2).
export type {
  MarketData, OptionMarket, OptionContractInfo, OptionQuote, OptionDailyBar, OptionType,
} from "./market-data/types.js";
export { OPTION_TYPES } from "./market-data/types.js";
export { InMemoryMarketData } from "./market-data/in-memory-market-data.js";
export { BAR_SKIP_REASONS, totalSkipped } from "./market-data/bar-parse-report.js";
export type { BarParseReport, BarSkipReason, SkippedRow } from "./market-data/bar-parse-report.js";
export { parseLeanTradeCsv, parseLeanTradeZip, leanTradeZipDay } from "./market-data/lean-trade-zip.js";
export type { LeanParseOptions } from "./market-data/lean-trade-zip.js";
export { parseTimestampedBarCsv, parseBarTimestamp, symbolFromFileName } from "./market-data/timestamped-bar-csv.js";
export type { TimestampedCsvOptions } from "./market-data/timestamped-bar-csv.js";
export { loadBarFolder } from "./market-data/load-bar-folder.js";
export type { LoadBarFolderOptions, LoadedBars, FileLoadReport } from "./market-data/load-bar-folder.js";
export { generateBars, RTH_MINUTES } from "./market-data/generate-bars.js";
export type { GenerateBarsOptions } from "./market-data/generate-bars.js";
export { defaultReplay, generatedReplay, DEFAULT_REPLAY_SYMBOLS } from "./market-data/default-replay.js";
export type { Replay, ReplaySource, GeneratedReplayOptions } from "./market-data/default-replay.js";
export { blackScholes, normCdf } from "./market-data/options/bs.js";
export type { BsInput, BsResult } from "./market-data/options/bs.js";
export { SyntheticOptionMarket } from "./market-data/options/synthetic-option-market.js";
export type { SyntheticOptionMarketOptions } from "./market-data/options/synthetic-option-market.js";
export { optionProfile } from "./market-data/options/option-profile.js";
export type { OptionProfile, LiquidityTier } from "./market-data/options/option-profile.js";
export { NewsCatalog } from "./market-data/news/news-catalog.js";
export type { NewsArticle, NewsCatalogOptions, RenderedFeed } from "./market-data/news/news-catalog.js";
export { dataRoutes } from "./routes/data-routes.js";
export type { DataRouteDeps } from "./routes/data-route-deps.js";
export { pageStockBars } from "./routes/stock-routes.js";
