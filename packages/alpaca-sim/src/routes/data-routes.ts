import type { RequestContext, Route, RouteResponse } from "../http/router.js";
import type { DataRouteDeps } from "./data-route-deps.js";
import { getFeed, getNews, listFeeds } from "./news-routes.js";
import {
  getLatestOptionQuotes, getLatestOptionTrades, getOptionChain, getOptionSnapshots,
} from "./option-routes.js";
import {
  getLatestStockBars, getLatestStockBarSingle, getLatestStockQuotes, getLatestStockTrades, getStockBars,
  getStockBarsSingle, getStockSnapshots, getStockSnapshotSingle,
} from "./stock-routes.js";

type DataHandler = (ctx: RequestContext, deps: DataRouteDeps) => RouteResponse;

/**
 * The market-data host's routes (data.alpaca.markets paths) plus the public /rss feeds. Mount with
 * `router.addAll(dataRoutes(deps))`: static paths come before `:symbol` ones because the router's
 * first match wins. Paths do not collide with the trading API's, so one server can take both hosts.
 */
export function dataRoutes(deps: DataRouteDeps): Route[] {
  const get = (path: string, handler: DataHandler, auth: Route["auth"] = "account"): Route => ({
    method: "GET",
    path,
    handler: (ctx) => handler(ctx, deps),
    auth,
  });
  return [
    get("/v2/stocks/bars", getStockBars),
    get("/v2/stocks/bars/latest", getLatestStockBars),
    get("/v2/stocks/quotes/latest", getLatestStockQuotes),
    get("/v2/stocks/trades/latest", getLatestStockTrades),
    get("/v2/stocks/snapshots", getStockSnapshots),
    get("/v2/stocks/:symbol/bars", getStockBarsSingle),
    get("/v2/stocks/:symbol/bars/latest", getLatestStockBarSingle),
    get("/v2/stocks/:symbol/snapshot", getStockSnapshotSingle),
    get("/v1beta1/options/snapshots", getOptionSnapshots),
    get("/v1beta1/options/snapshots/:underlying", getOptionChain),
    get("/v1beta1/options/quotes/latest", getLatestOptionQuotes),
    get("/v1beta1/options/trades/latest", getLatestOptionTrades),
    get("/v1beta1/news", getNews),
    get("/rss", listFeeds, "none"),
    get("/rss/:file", getFeed, "none"),
  ];
}
