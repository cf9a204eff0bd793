import { addCalendarDays, etDateString, etDateTime } from "@ops/core";
import type { Bar } from "@ops/trading";
import { errorResponse, jsonResponse, type RequestContext, type RouteResponse } from "../http/router.js";
import type { MarketData } from "../market-data/types.js";
import type { DataRouteDeps } from "./data-route-deps.js";
import {
  decodePageToken, encodePageToken, parseEnum, parseLimit, parseSymbolList, parseTime, QueryParamError,
} from "./query-params.js";
import { barJson, barSeries, parseTimeframe, type AlpacaBarJson, type Timeframe } from "./stock-bar-series.js";
import { stockQuoteJson, stockTradeJson } from "./stock-quote-json.js";

export const STOCK_FEEDS = ["iex", "sip", "delayed_sip", "otc", "boats", "overnight"] as const;
export const ADJUSTMENTS = ["raw", "split", "dividend", "all"] as const;
export const SORT_ORDERS = ["asc", "desc"] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

const DEFAULT_LIMIT = 1000;
const MAX_LIMIT = 10_000;

/** Resume point: next bar's symbol and start, plus the request's frozen completeness cutoff. */
interface BarsPageToken {
  s: string;
  t: number;
  c: number;
}

function isBarsPageToken(x: unknown): x is BarsPageToken {
  if (typeof x !== "object" || x === null) return false;
  const o = x as Record<string, unknown>;
  return typeof o["s"] === "string" && typeof o["t"] === "number" && typeof o["c"] === "number";
}

export interface BarsPage {
  bars: Record<string, AlpacaBarJson[]>;
  nextPageToken: string | null;
}

export interface BarsQuery {
  symbols: readonly string[];
  timeframe: Timeframe;
  start: Date;
  end: Date;
  limit: number;
  sort: SortOrder;
  pageToken: string | null;
}

/**
 * Alpaca's multi-symbol paging: results are ordered by symbol, then time; `limit` counts bars
 * across all symbols; the token resumes exactly after the last bar returned, so every bar is
 * returned once. The token also freezes "now", so bars completing between pages cannot slip in.
 */
export function pageStockBars(md: MarketData, query: BarsQuery, now: Date): BarsPage {
  const token = decodePageToken(query.pageToken, isBarsPageToken);
  const cutoff = token ? new Date(Math.min(token.c, now.getTime())) : now;
  const symbols = [...query.symbols].sort();
  let first = 0;
  if (token) {
    first = symbols.indexOf(token.s);
    if (first < 0) throw new QueryParamError("invalid page_token");
  }
  const series = (symbol: string): Bar[] => {
    const list = barSeries(md, symbol, query.timeframe, query.start, query.end, cutoff);
    return query.sort === "desc" ? list.reverse() : list;
  };
  const out: Record<string, AlpacaBarJson[]> = {};
  let remaining = query.limit;
  for (let i = first; i < symbols.length; i += 1) {
    const symbol = symbols[i] as string;
    let list = series(symbol);
    if (token && i === first) {
      const resumeAt = token.t;
      const pos = list.findIndex((b) => (query.sort === "desc" ? b.ts.getTime() <= resumeAt : b.ts.getTime() >= resumeAt));
      list = pos < 0 ? [] : list.slice(pos);
    }
    if (list.length === 0) continue;
    if (remaining === 0) {
      return { bars: out, nextPageToken: encodePageToken({ s: symbol, t: (list[0] as Bar).ts.getTime(), c: cutoff.getTime() }) };
    }
    const take = list.slice(0, remaining);
    out[symbol] = take.map(barJson);
    remaining -= take.length;
    if (take.length < list.length) {
      const next = list[take.length] as Bar;
      return { bars: out, nextPageToken: encodePageToken({ s: symbol, t: next.ts.getTime(), c: cutoff.getTime() }) };
    }
  }
  return { bars: out, nextPageToken: null };
}

function readBarsQuery(ctx: RequestContext, symbols: readonly string[]): BarsQuery {
  const q = ctx.query;
  parseEnum("feed", q.get("feed"), STOCK_FEEDS, "iex");
  parseEnum("adjustment", q.get("adjustment"), ADJUSTMENTS, "raw");
  const timeframe = parseTimeframe(q.get("timeframe"));
  // Alpaca's defaults: from the start of the current (New York) day until now.
  const start = parseTime("start", q.get("start")) ?? etDateTime(etDateString(ctx.now), "00:00");
  const end = parseTime("end", q.get("end")) ?? ctx.now;
  if (end.getTime() < start.getTime()) throw new QueryParamError("end must not be before start");
  return {
    symbols,
    timeframe,
    start,
    end,
    limit: parseLimit(q.get("limit"), DEFAULT_LIMIT, MAX_LIMIT),
    sort: parseEnum("sort", q.get("sort"), SORT_ORDERS, "asc"),
    pageToken: q.get("page_token"),
  };
}

function guarded(fn: () => RouteResponse): RouteResponse {
  try {
    return fn();
  } catch (error) {
    if (error instanceof QueryParamError) return errorResponse(400, error.message);
    throw error;
  }
}

/** GET /v2/stocks/bars?symbols=A,B&timeframe=1Min&start&end&limit&page_token&feed&adjustment&sort */
export function getStockBars(ctx: RequestContext, deps: DataRouteDeps): RouteResponse {
  return guarded(() => {
    const symbols = parseSymbolList(ctx.query.get("symbols"));
    if (symbols.length === 0) throw new QueryParamError("symbols is required");
    const page = pageStockBars(deps.marketData, readBarsQuery(ctx, symbols), ctx.now);
    return jsonResponse({ bars: page.bars, next_page_token: page.nextPageToken });
  });
}

/** GET /v2/stocks/:symbol/bars */
export function getStockBarsSingle(ctx: RequestContext, deps: DataRouteDeps): RouteResponse {
  return guarded(() => {
    const symbol = (ctx.params["symbol"] ?? "").toUpperCase();
    const page = pageStockBars(deps.marketData, readBarsQuery(ctx, [symbol]), ctx.now);
    return jsonResponse({ bars: page.bars[symbol] ?? [], symbol, next_page_token: page.nextPageToken });
  });
}

function symbolsOrError(ctx: RequestContext): string[] {
  const symbols = parseSymbolList(ctx.query.get("symbols"));
  if (symbols.length === 0) throw new QueryParamError("symbols is required");
  parseEnum("feed", ctx.query.get("feed"), STOCK_FEEDS, "iex");
  return symbols;
}

/** GET /v2/stocks/bars/latest?symbols= — each symbol's latest complete minute bar. */
export function getLatestStockBars(ctx: RequestContext, deps: DataRouteDeps): RouteResponse {
  return guarded(() => {
    const bars: Record<string, AlpacaBarJson> = {};
    for (const symbol of symbolsOrError(ctx)) {
      const bar = deps.marketData.lastBarBefore(symbol, ctx.now);
      if (bar) bars[symbol] = barJson(bar);
    }
    return jsonResponse({ bars });
  });
}

/** GET /v2/stocks/:symbol/bars/latest */
export function getLatestStockBarSingle(ctx: RequestContext, deps: DataRouteDeps): RouteResponse {
  const symbol = (ctx.params["symbol"] ?? "").toUpperCase();
  const bar = deps.marketData.lastBarBefore(symbol, ctx.now);
  if (!bar) return errorResponse(404, `no bar for ${symbol}`);
  return jsonResponse({ symbol, bar: barJson(bar) });
}

/** GET /v2/stocks/quotes/latest?symbols= — quotes implied by the last complete bar. */
export function getLatestStockQuotes(ctx: RequestContext, deps: DataRouteDeps): RouteResponse {
  return guarded(() => {
    const quotes: Record<string, unknown> = {};
    for (const symbol of symbolsOrError(ctx)) {
      const bar = deps.marketData.lastBarBefore(symbol, ctx.now);
      if (bar) quotes[symbol] = stockQuoteJson(bar);
    }
    return jsonResponse({ quotes });
  });
}

/** GET /v2/stocks/trades/latest?symbols= */
export function getLatestStockTrades(ctx: RequestContext, deps: DataRouteDeps): RouteResponse {
  return guarded(() => {
    const trades: Record<string, unknown> = {};
    for (const symbol of symbolsOrError(ctx)) {
      const bar = deps.marketData.lastBarBefore(symbol, ctx.now);
      if (bar) trades[symbol] = stockTradeJson(bar);
    }
    return jsonResponse({ trades });
  });
}

const DAY_TF: Timeframe = { unit: "day", amount: 1 };
const PREV_DAY_LOOKBACK = 10;

function stockSnapshot(md: MarketData, symbol: string, now: Date): Record<string, unknown> | undefined {
  const last = md.lastBarBefore(symbol, now);
  if (!last) return undefined;
  const today = etDateString(now);
  const todayStart = etDateTime(today, "00:00");
  const daily = barSeries(md, symbol, DAY_TF, todayStart, now, now)[0];
  const prevDays = barSeries(md, symbol, DAY_TF, etDateTime(addCalendarDays(today, -PREV_DAY_LOOKBACK), "00:00"), new Date(todayStart.getTime() - 1), now);
  const prev = prevDays[prevDays.length - 1];
  return {
    latestTrade: stockTradeJson(last),
    latestQuote: stockQuoteJson(last),
    minuteBar: barJson(last),
    dailyBar: daily ? barJson(daily) : null,
    prevDailyBar: prev ? barJson(prev) : null,
  };
}

/** GET /v2/stocks/snapshots?symbols= → { SYM: snapshot } (unknown symbols omitted). */
export function getStockSnapshots(ctx: RequestContext, deps: DataRouteDeps): RouteResponse {
  return guarded(() => {
    const out: Record<string, unknown> = {};
    for (const symbol of symbolsOrError(ctx)) {
      const snap = stockSnapshot(deps.marketData, symbol, ctx.now);
      if (snap) out[symbol] = snap;
    }
    return jsonResponse(out);
  });
}

/** GET /v2/stocks/:symbol/snapshot */
export function getStockSnapshotSingle(ctx: RequestContext, deps: DataRouteDeps): RouteResponse {
  const symbol = (ctx.params["symbol"] ?? "").toUpperCase();
  const snap = stockSnapshot(deps.marketData, symbol, ctx.now);
  if (!snap) return errorResponse(404, `no data for ${symbol}`);
  return jsonResponse({ symbol, ...snap });
}
