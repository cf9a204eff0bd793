import type { NewsCatalog } from "../market-data/news/news-catalog.js";
import type { MarketData, OptionMarket } from "../market-data/types.js";

/** What the market-data routes read. `now` comes from each request (the sim clock). */
export interface DataRouteDeps {
  marketData: MarketData;
  optionMarket: OptionMarket;
  /** RSS fixtures for /rss and /v1beta1/news; those routes answer 404 / empty without it. */
  news?: NewsCatalog;
}
